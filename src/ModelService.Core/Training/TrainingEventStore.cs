using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ModelService.Core.Storage;

namespace ModelService.Core.Training;

/// <summary>Progress events in their own table, one partition per job, rows in sequence order.</summary>
public sealed class TrainingEventStore
{
    private readonly TableClient _table;
    private readonly CreateOnce _created;

    public TrainingEventStore(StorageClientFactory storage, IOptions<TrainingOptions> options)
    {
        _table = storage.CreateTableServiceClient().GetTableClient(options.Value.EventsTable);
        _created = new CreateOnce(ct => _table.CreateIfNotExistsAsync(ct));
    }

    /// <summary>Writes (or, after a retried attempt reuses a sequence number, overwrites) one event.</summary>
    public async Task AppendAsync(string jobId, TrainingEvent trainingEvent, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        await _table.UpsertEntityAsync(TrainingJobEntities.ToEntity(jobId, trainingEvent), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The job's events after <paramref name="afterSequence"/>, in order, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<TrainingEvent>> ListAsync(string jobId, int afterSequence, int limit, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var after = TrainingJobEntities.SequenceKey(afterSequence);
        var events = new List<TrainingEvent>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == jobId && e.RowKey.CompareTo(after) > 0, cancellationToken: cancellationToken))
        {
            events.Add(TrainingJobEntities.ToEvent(entity));
            if (events.Count >= limit)
            {
                break;
            }
        }

        return events;
    }

    /// <summary>The highest sequence written so far (0 when none), so a retried attempt continues the numbering.</summary>
    public async Task<int> LastSequenceAsync(string jobId, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var last = 0;
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == jobId, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            last = Math.Max(last, int.Parse(entity.RowKey, System.Globalization.CultureInfo.InvariantCulture));
        }

        return last;
    }
}
