using System.Net;
using ModelService.Testing;

namespace ModelService.FunctionsHost.Tests;

/// <summary>AzureWebJobs.&lt;name&gt;.Disabled, as the real host honours it: no trigger for that function, the others as before.</summary>
[Collection(HostCollection.Name)]
public sealed class DisabledFunctionTests
{
    private static readonly TimeSpan Polling = TimeSpan.FromMilliseconds(100);
    private readonly HostFixture _fixture;

    public DisabledFunctionTests(HostFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task A_disabled_function_gets_no_trigger_and_the_others_still_run()
    {
        using var log = new CapturedLog();
        var queue = TestNames.Container("disabled");
        var settings = new Dictionary<string, string>
        {
            ["AzureWebJobs.ProcessWork.Disabled"] = "true",
            ["AzureWebJobs.Echo.Disabled"] = "1",
            ["AzureWebJobs.DeleteItem.Disabled"] = "false",
        };
        using var timeout = new CancellationTokenSource(HostFixture.Timeout);
        await using var host = await DevelopmentHost.StartAsync(
            _fixture.Options(log, queue, q => q with { MaxPollingInterval = Polling }, settings), timeout.Token);
        using var http = new HttpClient { BaseAddress = host.HttpUrl, Timeout = HostFixture.Timeout };
        var input = _fixture.Queue(queue);
        await input.CreateIfNotExistsAsync();

        await input.SendMessageAsync("work-for-nobody");
        using var echo = await http.GetAsync("test/echo/disabled");
        using var delete = await http.DeleteAsync("test/items/7");

        Assert.Equal(HttpStatusCode.NotFound, echo.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(_fixture.Host.Queues.Count - 1, host.Queues.Count);
        Assert.True(log.Contains("ProcessWork: disabled by AzureWebJobs.ProcessWork.Disabled"));
        // Ten polling intervals later nobody has taken it: the listener was never started.
        await Task.Delay(Polling * 10);
        Assert.Contains("work-for-nobody", await _fixture.PeekAsync(queue));
    }
}
