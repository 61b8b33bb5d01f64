using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ModelService.FunctionsHost.Tests;

[Collection(HostCollection.Name)]
public sealed class WorkerLifecycleTests
{
    private readonly HostFixture _fixture;

    public WorkerLifecycleTests(HostFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Worker_that_dies_is_started_again_and_serves_requests()
    {
        using var log = new CapturedLog();
        await using var host = await _fixture.StartHostAsync(log);
        using var http = new HttpClient { BaseAddress = host.HttpUrl, Timeout = HostFixture.Timeout };
        var first = host.WorkerProcessId ?? throw new InvalidOperationException("No worker.");

        using (var worker = Process.GetProcessById(first))
        {
            worker.Kill();
        }

        var second = await Eventually.GetAsync<object>(
            () => Task.FromResult<object?>(host.WorkerProcessId is { } id && id != first ? id : null), HostFixture.Timeout, "a new worker process");
        using var response = await http.GetAsync("test/echo/after-restart");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, host.WorkerRestarts);
        Assert.NotEqual(first, (int)second);
    }

    [Fact]
    public async Task Request_during_a_restart_waits_for_the_new_worker()
    {
        using var log = new CapturedLog();
        await using var host = await _fixture.StartHostAsync(log);
        using var http = new HttpClient { BaseAddress = host.HttpUrl, Timeout = HostFixture.Timeout };
        using (var worker = Process.GetProcessById(host.WorkerProcessId!.Value))
        {
            worker.Kill();
            await worker.WaitForExitAsync().WaitAsync(HostFixture.Timeout);
        }

        using var response = await http.GetAsync("test/echo/during-restart");

        Assert.True(response.StatusCode == HttpStatusCode.OK, string.Join("\n", log.Entries.Select(e => $"{e.Category}: {e.Message}")));
    }

    [Fact]
    public async Task Shutdown_stops_the_worker_and_frees_the_port()
    {
        using var log = new CapturedLog();
        var host = await _fixture.StartHostAsync(log);
        var workerId = host.WorkerProcessId!.Value;
        using var worker = Process.GetProcessById(workerId);
        var port = host.HttpUrl.Port;

        await host.DisposeAsync().AsTask().WaitAsync(HostFixture.Timeout);

        Assert.True(worker.HasExited);
        Assert.True(host.Stopped.IsCompletedSuccessfully);
        // Nothing listens any more: the port can be bound again.
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        Assert.Contains(log.Entries, e => e.Message.Contains("Development host stopped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Start_fails_clearly_without_a_worker_build()
    {
        var missing = Path.Combine(Path.GetTempPath(), $"no-worker-{Guid.NewGuid():N}");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DevelopmentHost.StartAsync(new HostConfiguration.DevelopmentHostOptions { WorkerDirectory = missing, Port = 0, LogToConsole = false }, CancellationToken.None));

        Assert.Contains("worker.config.json", error.Message, StringComparison.Ordinal);
    }
}
