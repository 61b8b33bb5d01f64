using System.Collections.Concurrent;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace ModelService.FunctionsHost.Bindings;

/// <summary>
/// Storage clients per connection string, shared by triggers and output bindings. Queues and containers are
/// created on first use, as the real extensions do.
/// </summary>
internal sealed class StorageClients
{
    private readonly ConcurrentDictionary<string, QueueServiceClient> _queueServices = new();
    private readonly ConcurrentDictionary<string, BlobServiceClient> _blobServices = new();
    private readonly ConcurrentDictionary<string, Task> _created = new();
    private readonly bool _base64;

    /// <param name="base64">host.json queues.messageEncoding: base64 (the extension's default) or none.</param>
    public StorageClients(bool base64)
    {
        _base64 = base64;
    }

    public QueueClient Queue(string connectionString, string queueName) =>
        _queueServices.GetOrAdd(connectionString, c => new QueueServiceClient(c, new QueueClientOptions
        {
            MessageEncoding = _base64 ? QueueMessageEncoding.Base64 : QueueMessageEncoding.None,
        })).GetQueueClient(queueName);

    public BlobContainerClient Container(string connectionString, string containerName) =>
        _blobServices.GetOrAdd(connectionString, c => new BlobServiceClient(c)).GetBlobContainerClient(containerName);

    public Task EnsureQueueAsync(QueueClient queue, CancellationToken cancellationToken) =>
        EnsureAsync("queue:" + queue.Uri, () => queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken));

    public Task EnsureContainerAsync(BlobContainerClient container, CancellationToken cancellationToken) =>
        EnsureAsync("blob:" + container.Uri, () => container.CreateIfNotExistsAsync(cancellationToken: cancellationToken));

    private async Task EnsureAsync(string key, Func<Task> create)
    {
        var task = _created.GetOrAdd(key, _ => create());
        try
        {
            await task;
        }
        catch
        {
            // Forget a failed attempt so that the next use tries again.
            _created.TryRemove(new KeyValuePair<string, Task>(key, task));
            throw;
        }
    }
}
