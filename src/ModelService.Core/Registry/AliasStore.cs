using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ModelService.Core.Errors;
using ModelService.Core.Resilience;
using Polly;

namespace ModelService.Core.Registry;

/// <summary>
/// A model's aliases in one small JSON blob, changed by optimistic concurrency: read with its ETag, write with
/// If-Match (or If-None-Match: * for the first alias), and on a lost race read again and retry.
/// </summary>
internal sealed class AliasStore
{
    private readonly BlobContainerClient _container;
    private readonly ResiliencePipeline _retry;

    public AliasStore(BlobContainerClient container, int attempts, TimeProvider time)
    {
        _container = container;
        _retry = RetryPipelines.OptimisticConcurrency(attempts, RetryPipelines.IsStorageConflict, RetryPipelines.Jittered(5, 20), time);
    }

    public async Task<IReadOnlyDictionary<string, int>> GetAsync(string name, CancellationToken cancellationToken) =>
        (await ReadAsync(name, cancellationToken)).Aliases;

    public async Task SetAsync(string name, string alias, int version, CancellationToken cancellationToken)
    {
        try
        {
            await _retry.ExecuteAsync(async token => await TrySetAsync(name, alias, version, token), cancellationToken);
        }
        catch (RequestFailedException exception) when (RetryPipelines.IsStorageConflict(exception))
        {
            throw new ModelServiceException(ErrorCode.Conflict, $"The aliases of '{name}' kept changing concurrently; try again.");
        }
    }

    /// <summary>One read-modify-write; a 409 or 412 means someone else wrote in between.</summary>
    private async Task TrySetAsync(string name, string alias, int version, CancellationToken cancellationToken)
    {
        var (aliases, etag) = await ReadAsync(name, cancellationToken);
        var updated = new SortedDictionary<string, int>(aliases.ToDictionary(), StringComparer.Ordinal) { [alias] = version };
        var conditions = etag is { } current ? new BlobRequestConditions { IfMatch = current } : new BlobRequestConditions { IfNoneMatch = ETag.All };
        await _container.GetBlobClient(BlobPaths.Aliases(name)).UploadAsync(
            BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(updated, RegistryJson.Options)),
            new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
            cancellationToken);
    }

    private async Task<(IReadOnlyDictionary<string, int> Aliases, ETag? ETag)> ReadAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var content = (await _container.GetBlobClient(BlobPaths.Aliases(name)).DownloadContentAsync(cancellationToken)).Value;
            var aliases = content.Content.ToObjectFromJson<Dictionary<string, int>>(RegistryJson.Options) ?? [];
            return (aliases, content.Details.ETag);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return (new Dictionary<string, int>(), null);
        }
    }
}
