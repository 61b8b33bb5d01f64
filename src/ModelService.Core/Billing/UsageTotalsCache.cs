using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;

namespace ModelService.Core.Billing;

/// <summary>
/// The totals rows this process last wrote, with their ETags, so a steady consumer updates them without reading
/// them first. A stale entry only costs a 412 and a fresh read: the ETag still guards every update.
/// </summary>
internal sealed class UsageTotalsCache
{
    private const int MaxEntries = 50_000;

    private readonly ConcurrentDictionary<(string Partition, string Row), TableEntity> _entries = new();

    public async Task<TableEntity?> GetAsync(string partition, string row, Func<string, string, Task<TableEntity?>> read)
    {
        if (_entries.TryGetValue((partition, row), out var cached))
        {
            return cached;
        }

        var entity = await read(partition, row);
        if (entity is not null)
        {
            Set(entity);
        }

        return entity;
    }

    /// <summary>Keeps what a transaction wrote, with the ETags its response gave (none: forgotten).</summary>
    public void Remember(IEnumerable<ITableEntity> written, IEnumerable<ETag?> etags)
    {
        foreach (var (entity, etag) in written.Zip(etags))
        {
            if (etag is { } tag && entity is TableEntity table)
            {
                table.ETag = tag;
                Set(table);
            }
            else
            {
                _entries.TryRemove((entity.PartitionKey, entity.RowKey), out _);
            }
        }
    }

    public void Forget(IEnumerable<ITableEntity> entities)
    {
        foreach (var entity in entities)
        {
            _entries.TryRemove((entity.PartitionKey, entity.RowKey), out _);
        }
    }

    private void Set(TableEntity entity)
    {
        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        _entries[(entity.PartitionKey, entity.RowKey)] = entity;
    }
}
