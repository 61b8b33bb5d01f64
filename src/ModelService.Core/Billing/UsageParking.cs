using Azure;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using ModelService.Core.Storage;

namespace ModelService.Core.Billing;

/// <summary>
/// Usage messages that could not be queued, or that the ledger refused until they were poisoned, kept as blobs
/// (which never expire) until an operator replays them with <c>modelsvc usage replay</c>.
/// </summary>
public sealed class UsageParking
{
    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;
    private volatile bool _ready;

    public UsageParking(StorageClientFactory storage, IOptions<BillingOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _container = storage.CreateBlobServiceClient().GetBlobContainerClient(options.Value.UsageParkedContainer);
        _time = time;
    }

    /// <summary>Keeps one message; returns the blob's name. <paramref name="reason"/> is a short machine word (no payload).</summary>
    public async Task<string> ParkAsync(string message, string reason, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var name = $"{now:yyyy/MM/dd}/{now:HHmmssfff}-{Guid.NewGuid():N}.json";
        await _container.GetBlobClient(name).UploadAsync(
            BinaryData.FromString(message),
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["reason"] = reason } },
            cancellationToken);
        return name;
    }

    public async IAsyncEnumerable<string> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken);
        await foreach (var blob in _container.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            yield return blob.Name;
        }
    }

    public async Task<string> ReadAsync(string name, CancellationToken cancellationToken)
    {
        var content = await _container.GetBlobClient(name).DownloadContentAsync(cancellationToken);
        return Encoding.UTF8.GetString(content.Value.Content.ToMemory().Span);
    }

    public Task DeleteAsync(string name, CancellationToken cancellationToken) =>
        _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!_ready)
        {
            try
            {
                await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 403)
            {
                // In Azure the container is provisioned and the trainer may only write blobs to it.
            }

            _ready = true;
        }
    }
}
