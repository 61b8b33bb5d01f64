using System.Reflection;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>The real function app's build output, in the configuration these tests were built in.</summary>
public static class FunctionAppBuild
{
    public static string Directory
    {
        get
        {
            var configuration = typeof(FunctionAppBuild).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = RepositoryPaths.Combine("src", "ModelService.Functions", "bin", configuration, "net10.0");
            return File.Exists(Path.Combine(path, "functions.metadata"))
                ? path
                : throw new InvalidOperationException($"The function app is not built at {path}; build the solution first.");
        }
    }
}
