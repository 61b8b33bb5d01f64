namespace ModelService.FunctionsHost.Worker;

/// <summary>
/// The current worker session. Callers that arrive while the worker is (re)starting wait for the next one, so a
/// request during a restart is delayed rather than refused.
/// </summary>
internal sealed class WorkerSessions
{
    private readonly object _gate = new();
    private TaskCompletionSource<WorkerSession> _next = NewSource();
    private WorkerSession? _current;

    public WorkerSession? Current
    {
        get
        {
            lock (_gate)
            {
                return _current;
            }
        }
    }

    public Task<WorkerSession> WaitAsync(CancellationToken cancellationToken) => WaitAsync(null, cancellationToken);

    /// <summary>The current session unless it is <paramref name="failed"/>, which a caller saw die: then the next.</summary>
    public Task<WorkerSession> WaitAsync(WorkerSession? failed, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _current is { } session && !ReferenceEquals(session, failed) && !session.Channel.Completion.IsCompleted
                ? Task.FromResult(session)
                : _next.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Raised when a (re)started worker begins serving; its functions may differ from the last one's.</summary>
    public event Action<WorkerSession>? Published;

    public void Publish(WorkerSession session)
    {
        TaskCompletionSource<WorkerSession> waiting;
        lock (_gate)
        {
            _current = session;
            waiting = _next;
            _next = NewSource();
        }

        Published?.Invoke(session);
        waiting.TrySetResult(session);
    }

    public void Withdraw(WorkerSession session)
    {
        lock (_gate)
        {
            if (ReferenceEquals(_current, session))
            {
                _current = null;
            }
        }
    }

    /// <summary>The host is stopping: nobody waits for a worker any more.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _current = null;
            _next.TrySetCanceled();
        }
    }

    private static TaskCompletionSource<WorkerSession> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
