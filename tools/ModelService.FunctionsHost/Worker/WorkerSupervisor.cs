using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using ModelService.FunctionsHost.HostConfiguration;
using ModelService.FunctionsHost.Protocol;
using ModelService.FunctionsHost.Protocol.Grpc;

namespace ModelService.FunctionsHost.Worker;

/// <summary>
/// Starts the worker, keeps it running (a dead worker is started again, with a delay that doubles while it keeps
/// dying), and stops it the way the real host does: WorkerTerminate, a grace period, then a kill.
/// </summary>
internal sealed class WorkerSupervisor : IDisposable
{
    // A worker that ran this long before dying is not crash-looping: the next restart waits the short delay again.
    private static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(60);

    private readonly WorkerLaunch _launch;
    private readonly Uri _grpcUri;
    private readonly WorkerConnections _connections;
    private readonly WorkerSessions _sessions;
    private readonly DevelopmentHostOptions _options;
    private readonly ILogger _logger;
    private readonly ILogger _processLogger;
    private readonly CancellationTokenSource _stopping = new();
    private Attempt? _current;
    private Task _supervising = Task.CompletedTask;
    private int _restarts;

    public WorkerSupervisor(WorkerLaunch launch, Uri grpcUri, WorkerConnections connections, WorkerSessions sessions, DevelopmentHostOptions options, ILoggerFactory loggers)
    {
        _launch = launch;
        _grpcUri = grpcUri;
        _connections = connections;
        _sessions = sessions;
        _options = options;
        _logger = loggers.CreateLogger<WorkerSupervisor>();
        _processLogger = loggers.CreateLogger("Worker");
    }

    /// <summary>How many times a dead worker has been started again.</summary>
    public int Restarts => Volatile.Read(ref _restarts);

    /// <summary>Starts the first worker and waits until its functions are loaded; a failure here is the caller's.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        _current = await LaunchAsync(linked.Token);
        _sessions.Publish(_current.Session);
        _supervising = Task.Run(() => SuperviseAsync(_current), CancellationToken.None);
    }

    public async Task StopAsync()
    {
        await _stopping.CancelAsync();
        _sessions.Close();
        if (Interlocked.Exchange(ref _current, null) is { } attempt)
        {
            await TerminateAsync(attempt);
        }

        await _supervising;
        if (Interlocked.Exchange(ref _current, null) is { } last)
        {
            await TerminateAsync(last);
        }

    }

    public void Dispose() => _stopping.Dispose();

    private async Task SuperviseAsync(Attempt attempt)
    {
        var delay = _options.RestartDelay;
        while (true)
        {
            var startedAt = DateTime.UtcNow;
            _logger.LogInformation("Worker process {ProcessId} is running {Count} functions", attempt.Process.Id, attempt.Session.Functions.Count);
            await Task.WhenAny(attempt.Process.Exited, attempt.Channel.Completion);
            _sessions.Withdraw(attempt.Session);
            if (_stopping.IsCancellationRequested)
            {
                return;
            }

            attempt.Process.Kill();
            _logger.LogWarning("Worker process {ProcessId} stopped (exit code {ExitCode}); starting a new one in {Delay}",
                attempt.Process.Id, attempt.Process.ExitCode, delay);
            attempt.Process.Dispose();
            Volatile.Write(ref _current, null);
            if (DateTime.UtcNow - startedAt > StableAfter)
            {
                delay = _options.RestartDelay;
            }

            var next = await RelaunchAsync(delay);
            if (next is null)
            {
                return;
            }

            (attempt, delay) = next.Value;
            Interlocked.Increment(ref _restarts);
            Volatile.Write(ref _current, attempt);
            _sessions.Publish(attempt.Session);
        }
    }

    private async Task<(Attempt Attempt, TimeSpan NextDelay)?> RelaunchAsync(TimeSpan delay)
    {
        while (true)
        {
            try
            {
                await Task.Delay(delay, _stopping.Token);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxRestartDelay.Ticks));
                return (await LaunchAsync(_stopping.Token), delay);
            }
            catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
            {
                return null;
            }
            catch (Exception ex)
            {
                _logger.LogError(ex, "The worker did not start; trying again in {Delay}", delay);
            }
        }
    }

    private async Task<Attempt> LaunchAsync(CancellationToken cancellationToken)
    {
        var workerId = Guid.NewGuid().ToString();
        var connected = _connections.Expect(workerId);
#pragma warning disable CA2000 // Disposed in the catch below; on success the returned attempt owns it.
        var process = WorkerProcess.Start(_launch.StartInfo(_grpcUri, workerId, Guid.NewGuid().ToString()), _processLogger);
#pragma warning restore CA2000
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.WorkerStartTimeout);
            var first = await Task.WhenAny(connected, process.Exited, Task.Delay(Timeout.Infinite, timeout.Token));
            if (first != connected)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw process.HasExited
                    ? new InvalidOperationException($"The worker exited with code {process.ExitCode} before it connected.")
                    : new TimeoutException($"The worker did not connect within {_options.WorkerStartTimeout}.");
            }

            var channel = await connected;
            var (functions, httpUri) = await WorkerHandshake.RunAsync(channel, _launch.AppDirectory, _logger, timeout.Token);
            return new Attempt(process, channel, new WorkerSession(channel, process.Id, functions, httpUri));
        }
        catch
        {
            process.Dispose();
            throw;
        }
        finally
        {
            _connections.Forget(workerId);
        }
    }

    private async Task TerminateAsync(Attempt attempt)
    {
        attempt.Channel.Send(new StreamingMessage
        {
            WorkerTerminate = new WorkerTerminate { GracePeriod = Duration.FromTimeSpan(_options.ShutdownGracePeriod) },
        });
        await attempt.Process.StopAsync(_options.ShutdownGracePeriod + TimeSpan.FromSeconds(1));
        attempt.Process.Dispose();
    }

    private sealed record Attempt(WorkerProcess Process, WorkerChannel Channel, WorkerSession Session);
}
