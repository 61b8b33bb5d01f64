using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;
using ModelService.Core.Errors;
using ModelService.Core.Storage;

namespace ModelService.Core.Predictions;

/// <summary>
/// Prediction records in Table storage, requests and results in Blob storage, work on the inference-requests
/// queue. A record is written before its message, so a message never points at nothing and a client can poll at once.
/// </summary>
public sealed class PredictionStore
{
    private readonly TableClient _table;
    private readonly BlobContainerClient _container;
    private readonly QueueClient _queue;
    private readonly PredictionOptions _options;
    private readonly TimeProvider _time;
    private volatile bool _ready;

    public PredictionStore(StorageClientFactory storage, IOptions<PredictionOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _options = options.Value;
        _table = storage.CreateTableServiceClient().GetTableClient(_options.Table);
        _container = storage.CreateBlobServiceClient().GetBlobContainerClient(_options.Container);
        _queue = storage.CreateQueueServiceClient().GetQueueClient(PredictionOptions.QueueName);
        _time = time;
    }

    /// <summary>Records a new prediction, keeps a large request in a blob, and enqueues the work.</summary>
    public async Task<PredictionRecord> SubmitAsync(PredictionRecord record, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureReadyAsync(cancellationToken);
        await _table.AddEntityAsync(PredictionEntities.ToEntity(record), cancellationToken);
        var message = new PredictionMessage { Id = record.Id, TenantId = record.TenantId, Model = record.Model, Version = record.Version, WebhookUrl = record.WebhookUrl };
        if (requestJson.Length <= _options.InlineRequestMaxBytes)
        {
            using var document = JsonDocument.Parse(requestJson);
            message = message with { Request = document.RootElement.Clone() };
        }
        else
        {
            var blob = RequestBlobName(record.TenantId, record.Id);
            await _container.GetBlobClient(blob).UploadAsync(BinaryData.FromBytes(requestJson), overwrite: true, cancellationToken);
            message = message with { RequestBlob = blob };
        }

        // Never expires (TTL -1, not the default 7 days): a queued prediction waits however long the runner is down.
        await _queue.SendMessageAsync(PredictionMessageJson.Serialize(message), visibilityTimeout: null, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken);
        return record;
    }

    public async Task<PredictionRecord?> FindAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (!PredictionIds.IsValid(id))
        {
            return null;
        }

        await EnsureReadyAsync(cancellationToken);
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(tenantId, id, cancellationToken: cancellationToken);
        return entity.HasValue ? PredictionEntities.ToRecord(entity.Value!) : null;
    }

    /// <summary>Writes a changed record; the record's own state machine makes concurrent writers rare (one message, one runner).</summary>
    public async Task<PredictionRecord> SaveAsync(PredictionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureReadyAsync(cancellationToken);
        var saved = record with { UpdatedAt = _time.GetUtcNow() };
        await _table.UpsertEntityAsync(PredictionEntities.ToEntity(saved), TableUpdateMode.Replace, cancellationToken);
        return saved;
    }

    public async Task<ReadOnlyMemory<byte>> ReadRequestAsync(PredictionMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Request is { } inline)
        {
            return JsonSerializer.SerializeToUtf8Bytes(inline);
        }

        if (message.RequestBlob is null)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, "The message has neither an inline request nor a request blob of its tenant.");
        }

        var blob = StorageNames.EnsureUnderTenant(message.RequestBlob, message.TenantId, "message's requestBlob");

        try
        {
            return (await _container.GetBlobClient(blob).DownloadContentAsync(cancellationToken)).Value.Content.ToMemory();
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, $"The request blob '{blob}' does not exist.", exception);
        }
    }

    public async Task WriteResultAsync(PredictionRecord record, byte[] responseJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await EnsureReadyAsync(cancellationToken);
        await _container.GetBlobClient(ResultBlobName(record.TenantId, record.Id)).UploadAsync(BinaryData.FromBytes(responseJson), overwrite: true, cancellationToken);
    }

    /// <summary>The stored result as a stream to copy on (never read whole); null when there is none.</summary>
    public async Task<Stream?> OpenResultAsync(PredictionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            return await _container.GetBlobClient(ResultBlobName(record.TenantId, record.Id)).OpenReadAsync(cancellationToken: cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    public async Task<BinaryData?> ReadResultAsync(PredictionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            return (await _container.GetBlobClient(ResultBlobName(record.TenantId, record.Id)).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    /// <summary>How many of the tenant's predictions are queued or running, counted up to <paramref name="limit"/>.</summary>
    public async Task<int> CountPendingAsync(string tenantId, int limit, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and (Status eq {PredictionStatus.Queued} or Status eq {PredictionStatus.Running})");
        var count = 0;
        await foreach (var _ in _table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Clamp(limit, 1, 1000), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            if (++count >= limit)
            {
                break;
            }
        }

        return count;
    }

    /// <summary>Deletes a prediction's request and result blobs, then its record; true when there was a record.</summary>
    public async Task<bool> DeleteAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (!PredictionIds.IsValid(id))
        {
            return false;
        }

        await EnsureReadyAsync(cancellationToken);
        await _container.GetBlobClient(RequestBlobName(tenantId, id)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await _container.GetBlobClient(ResultBlobName(tenantId, id)).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        var response = await _table.DeleteEntityAsync(tenantId, id, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    /// <summary>
    /// Deletes every prediction of the tenant (for its deletion): each record with its blobs, then any blob left
    /// under the tenant's prefix. Returns how many records there were.
    /// </summary>
    public async Task<int> DeleteAllAsync(string tenantId, CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        var ids = new List<string>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(entity.RowKey);
        }

        var deleted = 0;
        foreach (var id in ids)
        {
            deleted += await DeleteAsync(tenantId, id, cancellationToken) ? 1 : 0;
        }

        var orphans = new List<string>();
        await foreach (var blob in _container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = $"{tenantId}/" }, cancellationToken))
        {
            orphans.Add(blob.Name);
        }

        foreach (var name in orphans)
        {
            await _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }

        return deleted;
    }

    /// <summary>The records (tenant, id) last changed before <paramref name="cutoff"/>, for retention.</summary>
    public async IAsyncEnumerable<(string TenantId, string Id)> ListOlderThanAsync(DateTimeOffset cutoff, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureReadyAsync(cancellationToken);
        var filter = TableClient.CreateQueryFilter($"UpdatedAt lt {cutoff}");
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            yield return (entity.PartitionKey, entity.RowKey);
        }
    }

    private static string RequestBlobName(string tenantId, string id) => $"{tenantId}/{id}/request.json";

    private static string ResultBlobName(string tenantId, string id) => $"{tenantId}/{id}/response.json";

    private async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _table.CreateIfNotExistsAsync(cancellationToken);
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        _ready = true;
    }
}
