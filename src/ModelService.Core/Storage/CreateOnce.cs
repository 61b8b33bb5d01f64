namespace ModelService.Core.Storage;

/// <summary>
/// Creates a container, table or queue the first time a caller needs it. Callers at the same time share one
/// attempt; a success is kept for the process's life, a failure is not: the next caller tries again, so a store
/// whose first attempt met a storage hiccup recovers without a restart. The attempt runs on its own, so one caller
/// giving up does not cancel it for the others.
/// </summary>
public sealed class CreateOnce
{
    private readonly Func<CancellationToken, Task> _create;
    private readonly Lock _lock = new();
    private Task? _attempt;

    public CreateOnce(Func<CancellationToken, Task> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        _create = create;
    }

    public Task EnsureAsync(CancellationToken cancellationToken)
    {
        Task attempt;
        lock (_lock)
        {
            if (_attempt is null || _attempt.IsFaulted || _attempt.IsCanceled)
            {
                _attempt = Start();
            }

            attempt = _attempt;
        }

        return attempt.WaitAsync(cancellationToken);
    }

    private async Task Start()
    {
        // Off the caller's stack, so the attempt the lock published is the whole attempt, even if _create throws at once.
        await Task.Yield();
        await _create(CancellationToken.None);
    }
}
