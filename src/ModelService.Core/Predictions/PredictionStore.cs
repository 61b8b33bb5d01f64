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

        if (message.RequestBlob is not { } blob || !blob.StartsWith($"{message.TenantId}/", StringComparison.Ordinal))
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, "The message has neither an inline request nor a request blob of its tenant.");
        }

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
