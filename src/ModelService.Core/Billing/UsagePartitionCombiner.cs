using System.Collections.Concurrent;

namespace ModelService.Core.Billing;

/// <summary>
/// Group commit on the ledger's side: concurrent invocations (host.json batchSize messages at once) that write the
/// same partition do not race each other for its totals rows. The first one in writes, and while it writes the
/// others' events wait; the next round takes all of them together, in as few transactions as fit. Each caller
/// learns its own events' outcome, or the round's failure (its message is then retried; what did commit counts once).
/// </summary>
internal sealed class UsagePartitionCombiner
{
    private readonly ConcurrentDictionary<string, PartitionQueue> _partitions = new(StringComparer.Ordinal);
    private readonly Func<string, List<UsageEvent>, Task<HashSet<string>>> _commit;

    /// <param name="commit">Writes a partition's events; returns the call ids that were in the ledger already.</param>
    public UsagePartitionCombiner(Func<string, List<UsageEvent>, Task<HashSet<string>>> commit)
    {
        _commit = commit;
    }

    public async Task<UsageBatchOutcome> SubmitAsync(string partition, List<UsageEvent> events, CancellationToken cancellationToken)
    {
        var queue = _partitions.GetOrAdd(partition, _ => new PartitionQueue());
        var pending = new Pending(events);
        bool lead;
        lock (queue)
        {
            queue.Waiting.Add(pending);
            lead = !queue.Writing;
            queue.Writing = true;
        }

        if (lead)
        {
            // Writes for everyone who joins meanwhile, so it must not stop when this caller gives up.
            _ = Task.Run(() => DrainAsync(partition, queue), CancellationToken.None);
        }

        return await pending.Outcome.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync(string partition, PartitionQueue queue)
    {
        while (true)
        {
            List<Pending> round;
            lock (queue)
            {
                if (queue.Waiting.Count == 0)
                {
                    queue.Writing = false;
                    return;
                }

                round = queue.Waiting;
                queue.Waiting = [];
            }

            await CommitRoundAsync(partition, round);
        }
    }

    private async Task CommitRoundAsync(string partition, List<Pending> round)
    {
        // A call id in two waiting messages is written once; the later one counts it as a duplicate.
        var firstOwner = new Dictionary<string, Pending>(StringComparer.Ordinal);
        var merged = new List<UsageEvent>();
        foreach (var pending in round)
        {
            foreach (var usage in pending.Events)
            {
                if (firstOwner.TryAdd(usage.CallId, pending))
                {
                    merged.Add(usage);
                }
            }
        }

        try
        {
            var known = await _commit(partition, merged);
            foreach (var pending in round)
            {
                var recorded = pending.Events.Count(e => firstOwner[e.CallId] == pending && !known.Contains(e.CallId));
                pending.Outcome.TrySetResult(new UsageBatchOutcome(recorded, pending.Events.Count - recorded));
            }
        }
        catch (Exception exception)
        {
            foreach (var pending in round)
            {
                pending.Outcome.TrySetException(exception);
            }
        }
    }

    private sealed class PartitionQueue
    {
        public List<Pending> Waiting { get; set; } = [];

        public bool Writing { get; set; }
    }

    private sealed class Pending(List<UsageEvent> events)
    {
        public List<UsageEvent> Events { get; } = events;

        public TaskCompletionSource<UsageBatchOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
