using ModelService.FunctionsHost.HostConfiguration;

namespace ModelService.FunctionsHost.Tests;

public sealed class HostJsonTests
{
    [Fact]
    public void Empty_host_json_gives_the_real_host_defaults()
    {
        var hostJson = HostJson.Parse("""{ "version": "2.0" }""");

        Assert.Equal("api", hostJson.RoutePrefix);
        Assert.Equal(5, hostJson.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.Zero, hostJson.Queues.VisibilityTimeout);
        Assert.Equal(16, hostJson.Queues.BatchSize);
        Assert.Equal(8, hostJson.Queues.EffectiveNewBatchThreshold);
        Assert.Equal(TimeSpan.FromMinutes(1), hostJson.Queues.MaxPollingInterval);
        Assert.True(hostJson.Queues.UsesBase64);
    }

    [Fact]
    public void Settings_are_read_case_insensitively()
    {
        var hostJson = HostJson.Parse("""
            {
              // comments are allowed, as in the real host
              "Extensions": {
                "http": { "RoutePrefix": "" },
                "queues": { "maxDequeueCount": 2, "VisibilityTimeout": "00:00:30", "batchSize": 4, "newBatchThreshold": 1,
                            "maxPollingInterval": 2000, "messageEncoding": "none" }
              }
            }
            """);

        Assert.Equal(string.Empty, hostJson.RoutePrefix);
        Assert.Equal(2, hostJson.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(30), hostJson.Queues.VisibilityTimeout);
        Assert.Equal(4, hostJson.Queues.BatchSize);
        Assert.Equal(1, hostJson.Queues.EffectiveNewBatchThreshold);
        Assert.Equal(TimeSpan.FromSeconds(2), hostJson.Queues.MaxPollingInterval);
        Assert.False(hostJson.Queues.UsesBase64);
    }

    [Fact]
    public void The_repository_host_json_has_an_empty_prefix_and_the_documented_queue_settings()
    {
        var hostJson = HostJson.Load(ModelService.Testing.RepositoryPaths.Root);

        Assert.Equal(string.Empty, hostJson.RoutePrefix);
        Assert.Equal(5, hostJson.Queues.MaxDequeueCount);
        Assert.Equal(TimeSpan.FromSeconds(30), hostJson.Queues.VisibilityTimeout);
        Assert.Equal(16, hostJson.Queues.BatchSize);
    }
}
