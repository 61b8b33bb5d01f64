using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>The real function app's build output, in the configuration these tests were built in.</summary>
public static class FunctionAppBuild
{
    public static string Directory =>
        BuildOutput.Locate(typeof(FunctionAppBuild).Assembly, "src/ModelService.Functions", "functions.metadata");
}
