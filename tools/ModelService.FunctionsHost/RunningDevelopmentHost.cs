using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;
using ModelService.FunctionsHost.Http;
using ModelService.FunctionsHost.Queues;
using ModelService.FunctionsHost.Worker;

namespace ModelService.FunctionsHost;

/// <summary>
/// A started development host. Disposing it shuts down cleanly: no new requests or messages, running ones get the
/// grace period, the worker is asked to terminate, and only then is the gRPC endpoint closed.
/// </summary>
public sealed class RunningDevelopmentHost : IAsyncDisposable
{
    private readonly ILoggerFactory _loggers;
    private readonly WorkerSessions _sessions;
    private readonly HttpForwarder _forwarder;
    private readonly TimeSpan _gracePeriod;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    internal RunningDevelopmentHost(ILoggerFactory loggers, WorkerSessions sessions, HttpForwarder forwarder, TimeSpan gracePeriod)
    {
        _loggers = loggers;
        _sessions = sessions;
        _forwarder = forwarder;
        _gracePeriod = gracePeriod;
    }

    /// <summary>Where the HTTP triggers are served, e.g. http://127.0.0.1:7071/.</summary>
    public Uri HttpUrl { get; internal set; } = new("http://127.0.0.1/");

    /// <summary>The process id of the worker that is serving now; null while it restarts.</summary>
    public int? WorkerProcessId => _sessions.Current?.ProcessId;

    public int WorkerRestarts => Supervisor?.Restarts ?? 0;

    /// <summary>Completes when the host has been shut down.</summary>
    public Task Stopped => _stopped.Task;

    internal WebApplication? Grpc { get; set; }

    internal WebApplication? Http { get; set; }

    internal WorkerSupervisor? Supervisor { get; set; }

    internal QueueTriggers Queues { get; } = new();

    internal FunctionEndpointDataSource? Endpoints { get; set; }

    /// <summary>Waits until the current (or next) worker is serving; for tests that restart it.</summary>
    public Task WaitForWorkerAsync(CancellationToken cancellationToken) => _sessions.WaitAsync(cancellationToken);

    /// <summary>The names of the functions the serving worker indexed and this host serves, once it serves.</summary>
    public async Task<IReadOnlyList<string>> ServedFunctionsAsync(CancellationToken cancellationToken)
    {
        var session = await _sessions.WaitAsync(cancellationToken);
        return session.Functions.Select(function => function.Name).ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            await _stopped.Task;
            return;
        }

        var logger = _loggers.CreateLogger<RunningDevelopmentHost>();
        logger.LogInformation("Stopping the development host");
        try
        {
            if (Http is not null)
            {
                using var grace = new CancellationTokenSource(_gracePeriod);
                await Http.StopAsync(grace.Token);
                await Http.DisposeAsync();
            }

            await Queues.StopAsync(_gracePeriod);
            Queues.Dispose();
            if (Supervisor is not null)
            {
                await Supervisor.StopAsync();
                Supervisor.Dispose();
            }

            if (Grpc is not null)
            {
                using var grace = new CancellationTokenSource(_gracePeriod);
                await Grpc.StopAsync(grace.Token);
                await Grpc.DisposeAsync();
            }

            _forwarder.Dispose();
            Endpoints?.Dispose();
            logger.LogInformation("Development host stopped");
        }
        finally
        {
            _loggers.Dispose();
            _stopped.TrySetResult();
        }
    }
}
