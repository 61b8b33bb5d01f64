using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Storage;

namespace ModelService.Core.Billing;

/// <summary>
/// The append-only usage ledger and its per-tenant, per-model, per-day totals in Table storage. Recording is
/// idempotent by call id and atomic: the ledger row and the totals update commit in one transaction, so a crash
/// or a lost response at any point leaves either both or neither, and a retry or redelivery counts once.
/// </summary>
public sealed class UsageLedger
{
    private readonly TableClient _table;
    private readonly BillingOptions _options;
    private readonly ILogger<UsageLedger> _logger;
    private volatile bool _tableReady;

    public UsageLedger(StorageClientFactory storage, IOptions<BillingOptions> options, ILogger<UsageLedger> logger)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _options = options.Value;
        _table = storage.CreateTableServiceClient().GetTableClient(_options.UsageTable);
        _logger = logger;
    }

    public async Task<UsageRecordOutcome> RecordAsync(UsageEvent usage, CancellationToken cancellationToken)
    {
        UsageEventValidator.EnsureValid(usage);
        await EnsureTableAsync(cancellationToken);
        var partition = UsageKeys.Partition(usage.TenantId, UsageKeys.DayOf(usage.OccurredAt));
        for (var attempt = 1; ; attempt++)
        {
            // A shard drawn anew on every attempt: events recorded at the same moment spread over the totals
            // rows, and one that lost a race on a row tries another. Reports add all shards up.
            var totalsRow = UsageKeys.Totals(usage.Model, Random.Shared.Next(_options.TotalsShards));
            try
            {
                await CommitAsync(partition, totalsRow, usage, cancellationToken);
                return UsageRecordOutcome.Recorded;
            }
            catch (TableTransactionFailedException exception) when (exception.Status is 409 or 412)
            {
                if (await IsDuplicateAsync(exception, partition, usage.CallId, cancellationToken))
                {
                    _logger.LogInformation("Usage event {CallId} is already in the ledger; counted once", usage.CallId);
                    return UsageRecordOutcome.Duplicate;
                }

                if (attempt >= _options.RecordAttempts)
                {
                    throw;
                }

                await Task.Delay(Backoff(attempt), cancellationToken);
            }
        }
    }

    /// <summary>Totals per model and day for one tenant, shards added up, days inclusive.</summary>
    public async Task<IReadOnlyList<UsageTotals>> QueryTotalsAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var totals = new Dictionary<(DateOnly, string), UsageTotals>();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {UsageKeys.Partition(tenantId, from)} and PartitionKey le {UsageKeys.Partition(tenantId, to)} and RowKey ge {UsageKeys.TotalsPrefix} and RowKey lt {UsageKeys.TotalsEnd}");
        await foreach (var entity in QueryAsync(filter, cancellationToken))
        {
            var row = UsageEntities.ToTotals(entity);
            var key = (row.Day, row.Model);
            totals[key] = totals.TryGetValue(key, out var sum) ? sum.Add(row) : row;
        }

        return [.. totals.Values.OrderBy(t => t.Day).ThenBy(t => t.Model, StringComparer.Ordinal)];
    }

    /// <summary>The ledger rows of one tenant, days inclusive: what the totals must always add up to.</summary>
    public async Task<IReadOnlyList<UsageEvent>> QueryLedgerAsync(string tenantId, DateOnly from, DateOnly to, CancellationToken cancellationToken)
    {
        var events = new List<UsageEvent>();
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {UsageKeys.Partition(tenantId, from)} and PartitionKey le {UsageKeys.Partition(tenantId, to)} and RowKey ge {UsageKeys.LedgerPrefix} and RowKey lt {UsageKeys.LedgerEnd}");
        await foreach (var entity in QueryAsync(filter, cancellationToken))
        {
            events.Add(UsageEntities.ToEvent(entity));
        }

        return events;
    }

    private async Task CommitAsync(string partition, string totalsRow, UsageEvent usage, CancellationToken cancellationToken)
    {
        var current = await _table.GetEntityIfExistsAsync<TableEntity>(partition, totalsRow, cancellationToken: cancellationToken);
        var addition = UsageTotals.Of(usage);
        var totalsAction = current.HasValue
            ? new TableTransactionAction(
                TableTransactionActionType.UpdateReplace,
                UsageEntities.Totals(partition, totalsRow, UsageEntities.ToTotals(current.Value!).Add(addition)),
                current.Value!.ETag)
            : new TableTransactionAction(TableTransactionActionType.Add, UsageEntities.Totals(partition, totalsRow, addition));
        await _table.SubmitTransactionAsync(
            [new TableTransactionAction(TableTransactionActionType.Add, UsageEntities.Ledger(partition, usage)), totalsAction],
            cancellationToken);
    }

    /// <summary>
    /// The transaction names the action that failed: the ledger row (0) means this call is recorded already, the
    /// totals row (1) a race with another event. Without that index the ledger row itself is asked.
    /// </summary>
    private async Task<bool> IsDuplicateAsync(TableTransactionFailedException exception, string partition, string callId, CancellationToken cancellationToken) =>
        exception.FailedTransactionActionIndex switch
        {
            0 => true,
            1 => false,
            _ => await IsInLedgerAsync(partition, callId, cancellationToken),
        };

    /// <summary>Short, growing and jittered, so racing recorders do not collide again in step.</summary>
    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 10)));

    private async Task<bool> IsInLedgerAsync(string partition, string callId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(partition, UsageKeys.Ledger(callId), ["PartitionKey"], cancellationToken);
        return row.HasValue;
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
}
