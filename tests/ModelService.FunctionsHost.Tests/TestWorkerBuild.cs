using System.Reflection;
using ModelService.Testing;

namespace ModelService.FunctionsHost.Tests;

/// <summary>Where the test worker's build output is: same configuration as these tests were built in.</summary>
public static class TestWorkerBuild
{
    public static string Directory
    {
        get
        {
            var configuration = typeof(TestWorkerBuild).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
            var path = RepositoryPaths.Combine("tests", "ModelService.FunctionsHost.TestWorker", "bin", configuration, "net10.0");
            return File.Exists(Path.Combine(path, "worker.config.json"))
                ? path
                : throw new InvalidOperationException($"The test worker is not built at {path}; build the solution first.");
        }
    }
}
