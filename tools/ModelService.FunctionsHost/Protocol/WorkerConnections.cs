using System.Collections.Concurrent;

namespace ModelService.FunctionsHost.Protocol;

/// <summary>Hands each worker's event stream to whoever started that worker, matched by worker id.</summary>
internal sealed class WorkerConnections
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource<WorkerChannel>> _expected = new();

    /// <summary>Announces a worker id before its process starts, so its stream cannot arrive unexpected.</summary>
    public Task<WorkerChannel> Expect(string workerId) =>
        _expected.GetOrAdd(workerId, _ => new TaskCompletionSource<WorkerChannel>(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Forget(string workerId) => _expected.TryRemove(workerId, out _);

    /// <summary>False for a worker nobody started: its stream is refused.</summary>
    public bool Accept(WorkerChannel channel) =>
        _expected.TryGetValue(channel.WorkerId, out var waiting) && waiting.TrySetResult(channel);
}
