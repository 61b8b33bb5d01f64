using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ModelService.Core.Storage;
using ModelService.Core.Tenancy;

namespace ModelService.Core.Audit;

/// <summary>
/// The audit trail in Table storage, append-only: entries are only ever added (never updated or deleted by this
/// code). One partition per tenant, and one for actions on public models, so a tenant reads only its own;
/// row keys count down in time, so a partition reads newest first.
/// </summary>
public sealed class AuditLog
{
    public const string PublicPartition = "_public";
    public const int MaxListed = 1000;

    private readonly TableClient _table;
    private readonly Lazy<Task> _created;

    public AuditLog(StorageClientFactory storage, IOptions<TenancyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _table = storage.CreateTableServiceClient().GetTableClient(options.Value.AuditTable);
        _created = new Lazy<Task>(() => _table.CreateIfNotExistsAsync());
    }

    public async Task AppendAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _created.Value.WaitAsync(cancellationToken);
        var row = $"{(DateTimeOffset.MaxValue.UtcTicks - entry.At.UtcTicks).ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}";
        await _table.AddEntityAsync(new TableEntity(entry.TenantId ?? PublicPartition, row)
        {
            ["At"] = entry.At,
            ["Actor"] = entry.Actor,
            ["Action"] = entry.Action,
            ["Target"] = entry.Target,
            ["Detail"] = entry.Detail,
            ["Source"] = entry.Source,
        }, cancellationToken);
    }

    /// <summary>A tenant's entries (null: those on public models), newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(string? tenantId, int limit, CancellationToken cancellationToken)
    {
        await _created.Value.WaitAsync(cancellationToken);
        var partition = tenantId ?? PublicPartition;
        var entries = new List<AuditEntry>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(e => e.PartitionKey == partition, maxPerPage: Math.Clamp(limit, 1, MaxListed), cancellationToken: cancellationToken))
        {
            entries.Add(new AuditEntry
            {
                At = entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
                TenantId = tenantId,
                Actor = entity.GetString("Actor") ?? string.Empty,
                Action = entity.GetString("Action") ?? string.Empty,
                Target = entity.GetString("Target") ?? string.Empty,
                Detail = entity.GetString("Detail"),
                Source = entity.GetString("Source") ?? string.Empty,
            });
            if (entries.Count >= Math.Clamp(limit, 1, MaxListed))
            {
                break;
            }
        }

        return entries;
    }
}
