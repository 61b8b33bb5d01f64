using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;

namespace ModelService.Core.Storage;

/// <summary>
/// The one place stores get storage clients from: the clients <see cref="StorageClients"/> registered with
/// <c>Microsoft.Extensions.Azure</c> (one per service, shared, thread-safe).
/// </summary>
public sealed class StorageClientFactory
{
    private const string DefaultClient = "Default";

    private readonly IAzureClientFactory<BlobServiceClient> _blobs;
    private readonly IAzureClientFactory<TableServiceClient> _tables;
    private readonly IAzureClientFactory<QueueServiceClient> _queues;

    public StorageClientFactory(IAzureClientFactory<BlobServiceClient> blobs, IAzureClientFactory<TableServiceClient> tables, IAzureClientFactory<QueueServiceClient> queues)
    {
        _blobs = blobs;
        _tables = tables;
        _queues = queues;
    }

    public BlobServiceClient CreateBlobServiceClient() => _blobs.CreateClient(DefaultClient);

    public TableServiceClient CreateTableServiceClient() => _tables.CreateClient(DefaultClient);

    /// <summary>Queues as the Functions queue extension reads them: messages base64-encoded.</summary>
    public QueueServiceClient CreateQueueServiceClient() => _queues.CreateClient(DefaultClient);
}
