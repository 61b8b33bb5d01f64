using ModelService.Testing;

namespace ModelService.FunctionsHost.Tests;

/// <summary>Where the test worker's build output is: same configuration as these tests were built in.</summary>
public static class TestWorkerBuild
{
    public static string Directory =>
        BuildOutput.Locate(typeof(TestWorkerBuild).Assembly, "tests/ModelService.FunctionsHost.TestWorker", "worker.config.json");
}
