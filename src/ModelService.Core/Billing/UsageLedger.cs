using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Resilience;
using ModelService.Core.Storage;
using Polly;

namespace ModelService.Core.Billing;

/// <summary>
/// The append-only usage ledger and its per-tenant, per-model, per-day totals in Table storage. A batch is grouped
/// by ledger partition (tenant and call-id bucket, <see cref="UsageKeys"/>); each group is written in entity-group
/// transactions of up to 100 entities that add the call rows and update that bucket's totals once. A call row that
/// exists already fails its transaction, so the call is counted once however often, however concurrently, and on
/// whatever day it comes again; the rest of the group commits on the next try.
/// </summary>
public sealed partial class UsageLedger
{
    /// <summary>The entity-group transaction limit.</summary>
    public const int MaxTransactionEntities = 100;

    private readonly TableClient _table;
    private readonly BillingOptions _options;
    private readonly UsageTotalsCache _totals = new();
    private readonly UsagePartitionCombiner _combiner;
    private readonly ILogger<UsageLedger> _logger;
    private readonly ResiliencePipeline _retry;
    private volatile bool _tableReady;

    public UsageLedger(StorageClientFactory storage, IOptions<BillingOptions> options, TimeProvider time, ILogger<UsageLedger> logger)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _options = options.Value;
        // Another consumer moved the totals first: read them again, after a short jittered pause.
        _retry = RetryPipelines.OptimisticConcurrency(_options.RecordAttempts, IsLostTotalsRace, RetryPipelines.Jittered(1, 5, attemptCap: 10), time);
        _table = storage.CreateTableServiceClient().GetTableClient(_options.UsageTable);
        _logger = logger;
        _combiner = new UsagePartitionCombiner(CommitPartitionAsync);
    }

    /// <summary>Records one event: a batch of one.</summary>
    public async Task<UsageRecordOutcome> RecordAsync(UsageEvent usage, CancellationToken cancellationToken)
    {
        var outcome = await RecordBatchAsync([usage], cancellationToken);
        return outcome.Recorded == 1 ? UsageRecordOutcome.Recorded : UsageRecordOutcome.Duplicate;
    }

    /// <summary>
    /// Records a batch. Sound events are recorded even when others are not; then the unsound ones throw, so the
    /// message is retried (its recorded events count once) and ends in poison, where it is parked for an operator.
    /// </summary>
    public async Task<UsageBatchOutcome> RecordBatchAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var refusals = new List<string>();
        var sound = new List<UsageEvent>(events.Count);
        foreach (var usage in events)
        {
            if (UsageEventValidator.Check(usage) is { } refusal)
            {
                refusals.Add(refusal);
            }
            else
            {
                sound.Add(usage);
            }
        }

        await EnsureTableAsync(cancellationToken);
        var groups = sound
            .DistinctBy(e => (e.TenantId, e.CallId))
            .GroupBy(e => UsageKeys.Partition(e.TenantId, UsageKeys.Bucket(e.CallId, _options.LedgerBuckets)), StringComparer.Ordinal);
        var outcomes = await Task.WhenAll(groups.Select(g => _combiner.SubmitAsync(g.Key, [.. g], cancellationToken)));
        var outcome = outcomes.Aggregate(new UsageBatchOutcome(0, sound.Count - sound.DistinctBy(e => (e.TenantId, e.CallId)).Count()), UsageBatchOutcome.Add);
        if (refusals.Count > 0)
        {
            throw new InvalidDataException($"Usage event refused: {refusals[0]} ({refusals.Count} of {events.Count} events in the message; {outcome.Recorded} others recorded).");
        }

        return outcome;
    }

    /// <summary>Totals per model and day for one tenant, buckets added up, days inclusive.</summary>
    public async Task<IReadOnlyList<UsageTotals>> QueryTotalsAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<(DateOnly, string), UsageTotals>();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {UsageKeys.TenantStart(tenantId)} and PartitionKey lt {UsageKeys.TenantEnd(tenantId)} and RowKey ge {UsageKeys.TotalsFrom(from)} and RowKey lt {UsageKeys.TotalsFrom(to.AddDays(1))}");
        await foreach (var entity in QueryAsync(filter, cancellationToken))
        {
            var row = UsageEntities.ToTotals(entity);
            var key = (row.Day, row.Model);
            totals[key] = totals.TryGetValue(key, out var sum) ? sum.Add(row) : row;
        }

        return [.. totals.Values.OrderBy(t => t.Day).ThenBy(t => t.Model, StringComparer.Ordinal)];
    }

    /// <summary>The ledger rows of one tenant whose calls happened on the days given (inclusive): what the totals must always add up to.</summary>
    public async Task<IReadOnlyList<UsageEvent>> QueryLedgerAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var events = new List<UsageEvent>();
        var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {UsageKeys.TenantStart(tenantId)} and PartitionKey lt {UsageKeys.TenantEnd(tenantId)} and RowKey ge {UsageKeys.LedgerPrefix} and RowKey lt {UsageKeys.LedgerEnd} and OccurredAt ge {start} and OccurredAt lt {end}");
        await foreach (var entity in QueryAsync(filter, cancellationToken))
        {
            events.Add(UsageEntities.ToEvent(entity));
        }

        return events;
    }

    /// <summary>Writes one partition's events (from one message or several combined); returns the call ids it had already.</summary>
    private async Task<HashSet<string>> CommitPartitionAsync(string partition, List<UsageEvent> events)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in Chunk(events))
        {
            known.UnionWith(await CommitChunkAsync(partition, chunk, CancellationToken.None));
        }

        return known;
    }

    /// <summary>Chunks whose call rows and distinct totals rows fit one transaction.</summary>
    private static IEnumerable<List<UsageEvent>> Chunk(List<UsageEvent> events)
    {
        var chunk = new List<UsageEvent>();
        var totalsRows = new HashSet<(DateOnly, string)>();
        foreach (var usage in events)
        {
            var row = (UsageKeys.DayOf(usage.OccurredAt), usage.Model);
            var rows = totalsRows.Count + (totalsRows.Contains(row) ? 0 : 1);
            if (chunk.Count + 1 + rows > MaxTransactionEntities)
            {
                yield return chunk;
                chunk = [];
                totalsRows.Clear();
            }

            chunk.Add(usage);
            totalsRows.Add(row);
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private async Task<HashSet<string>> CommitChunkAsync(string partition, List<UsageEvent> chunk, CancellationToken cancellationToken)
    {
        var pending = new List<UsageEvent>(chunk);
        var duplicates = new HashSet<string>(StringComparer.Ordinal);
        await _retry.ExecuteAsync(async token => await TryCommitAsync(partition, pending, duplicates, token), cancellationToken);
        return duplicates;
    }

    /// <summary>
    /// One attempt: submits what is pending, leaving out (into <paramref name="duplicates"/>) the calls found in the
    /// ledger already. Throws when the totals were moved by someone else meanwhile.
    /// </summary>
    private async Task TryCommitAsync(string partition, List<UsageEvent> pending, HashSet<string> duplicates, CancellationToken cancellationToken)
    {
        while (pending.Count > 0)
        {
            var totals = await TotalsActionsAsync(partition, pending, cancellationToken);
            try
            {
                var response = await _table.SubmitTransactionAsync(
                    [.. pending.Select(e => new TableTransactionAction(TableTransactionActionType.Add, UsageEntities.Ledger(partition, e))), .. totals],
                    cancellationToken);
                _totals.Remember(totals.Select(t => t.Entity), response.Value.Skip(pending.Count).Select(r => r.Headers.ETag));
                return;
            }
            catch (TableTransactionFailedException exception) when (IsLostTotalsRace(exception))
            {
                _totals.Forget(totals.Select(t => t.Entity));
                if (!await LeaveOutRecordedAsync(exception, partition, pending, duplicates, cancellationToken))
                {
                    throw;
                }
            }
        }
    }

    /// <summary>
    /// After a failed transaction: a call row that exists is a redelivery, or this very write whose response was
    /// lost. Those calls are in the ledger and the totals already; they leave the pending ones. True when any did.
    /// </summary>
    private async Task<bool> LeaveOutRecordedAsync(TableTransactionFailedException exception, string partition, List<UsageEvent> pending, HashSet<string> duplicates, CancellationToken cancellationToken)
    {
        if (exception.FailedTransactionActionIndex is { } index && index >= pending.Count)
        {
            return false;
        }

        var known = await FindRecordedAsync(partition, pending, cancellationToken);
        duplicates.UnionWith(known.Select(e => e.CallId));
        pending.RemoveAll(known.Contains);
        if (known.Count > 0)
        {
            LogDuplicates(known.Count, partition);
        }

        return known.Count > 0;
    }

    private static bool IsLostTotalsRace(Exception exception) => exception is TableTransactionFailedException { Status: 409 or 412 };

    private async Task<List<TableTransactionAction>> TotalsActionsAsync(string partition, List<UsageEvent> pending, CancellationToken cancellationToken)
    {
        var actions = new List<TableTransactionAction>();
        foreach (var addition in pending.GroupBy(e => (UsageKeys.DayOf(e.OccurredAt), e.Model)).Select(g => g.Select(UsageTotals.Of).Aggregate((a, b) => a.Add(b))))
        {
            var row = UsageKeys.Totals(addition.Day, addition.Model);
            var current = await _totals.GetAsync(partition, row, (p, r) => ReadEntityAsync(p, r, cancellationToken));
            actions.Add(current is null
                ? new TableTransactionAction(TableTransactionActionType.Add, UsageEntities.Totals(partition, addition))
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, UsageEntities.Totals(partition, UsageEntities.ToTotals(current).Add(addition)), current.ETag));
        }

        return actions;
    }

    private async Task<HashSet<UsageEvent>> FindRecordedAsync(string partition, List<UsageEvent> pending, CancellationToken cancellationToken)
    {
        var found = await Task.WhenAll(pending.Select(async e =>
            (Usage: e, Exists: (await _table.GetEntityIfExistsAsync<TableEntity>(partition, UsageKeys.Ledger(e.CallId), ["PartitionKey"], cancellationToken)).HasValue)));
        return [.. found.Where(f => f.Exists).Select(f => f.Usage)];
    }

    private async Task<TableEntity?> ReadEntityAsync(string partition, string row, CancellationToken cancellationToken)
    {
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        return entity.HasValue ? entity.Value : null;
    }

    private async IAsyncEnumerable<TableEntity> QueryAsync(string filter, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken);
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            yield return entity;
        }
    }

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (!_tableReady)
        {
            await _table.CreateIfNotExistsAsync(cancellationToken);
            _tableReady = true;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} usage events of partition {Partition} are already in the ledger; counted once")]
    private partial void LogDuplicates(int count, string partition);
}
