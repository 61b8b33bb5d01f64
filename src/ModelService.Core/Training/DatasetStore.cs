using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using ModelService.Core.Errors;
using ModelService.Core.Storage;
using ModelService.Core.Tenancy;

namespace ModelService.Core.Training;

/// <summary>
/// Tenants' CSV datasets in the datasets container. A re-upload replaces the dataset; the sha256 the trainer
/// records in each model card says which bytes a version was trained on.
/// </summary>
public sealed class DatasetStore
{
    private readonly BlobContainerClient _container;
    private readonly TimeProvider _time;
    private readonly TrainingOptions _options;
    private readonly CreateOnce _created;

    public DatasetStore(StorageClientFactory storage, IOptions<TrainingOptions> options, TimeProvider time)
    {
        _options = options.Value;
        _container = storage.CreateBlobServiceClient().GetBlobContainerClient(options.Value.DatasetsContainer);
        _time = time;
        _created = new CreateOnce(ct => _container.CreateIfNotExistsAsync(cancellationToken: ct));
    }

    /// <summary>Stores the dataset within the tenant's dataset limits (its own where it has them, else the service's).</summary>
    public async Task<DatasetInfo> UploadAsync(string tenantId, string name, ReadOnlyMemory<byte> content, TenantLimits limits, CancellationToken cancellationToken)
    {
        DatasetNames.EnsureValid(name);
        if (content.IsEmpty)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, "The dataset is empty: send a CSV file with a header row.");
        }

        await _created.EnsureAsync(cancellationToken);
        ArgumentNullException.ThrowIfNull(limits);
        await EnsureQuotaAsync(tenantId, name, content.Length, limits.MaxDatasets ?? _options.MaxDatasetsPerTenant, limits.MaxDatasetBytes ?? _options.MaxDatasetBytesPerTenant, cancellationToken);
        var options = new BlobUploadOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "text/csv" } };
        await _container.GetBlobClient(DatasetNames.BlobPath(tenantId, name)).UploadAsync(BinaryData.FromBytes(content), options, cancellationToken);
        return new DatasetInfo(name, content.Length, Convert.ToHexStringLower(SHA256.HashData(content.Span)), _time.GetUtcNow());
    }

    /// <summary>Deletes the tenant's dataset; false when it did not exist. Jobs already trained keep its sha256 in their model cards.</summary>
    public async Task<bool> DeleteAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        DatasetNames.EnsureValid(name);
        await _created.EnsureAsync(cancellationToken);
        return (await _container.GetBlobClient(DatasetNames.BlobPath(tenantId, name)).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value;
    }

    /// <summary>Deletes every dataset of the tenant (for its deletion); returns how many there were.</summary>
    public async Task<int> DeleteAllAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _created.EnsureAsync(cancellationToken);
        var names = new List<string>();
        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{tenantId}/" }, cancellationToken))
        {
            names.Add(blob.Name);
        }

        var deleted = 0;
        foreach (var name in names)
        {
            deleted += (await _container.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: cancellationToken)).Value ? 1 : 0;
        }

        return deleted;
    }

    public async Task<bool> ExistsAsync(string tenantId, string name, CancellationToken cancellationToken)
    {
        DatasetNames.EnsureValid(name);
        await _created.EnsureAsync(cancellationToken);
        return await _container.GetBlobClient(DatasetNames.BlobPath(tenantId, name)).ExistsAsync(cancellationToken);
    }

    /// <summary>Copies the dataset to <paramref name="destination"/>; refuses one over <paramref name="maxBytes"/>.</summary>
    public async Task DownloadAsync(string tenantId, string name, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(DatasetNames.BlobPath(tenantId, name));
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (properties.Value.ContentLength > maxBytes)
            {
                throw new ModelServiceException(ErrorCode.PayloadTooLarge, $"Dataset '{name}' is {properties.Value.ContentLength} bytes, over the limit of {maxBytes}.");
            }

            await blob.DownloadToAsync(destination, new BlobDownloadToOptions { Conditions = new BlobRequestConditions { IfMatch = properties.Value.ETag } }, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            throw new ModelServiceException(ErrorCode.NotFound, $"Dataset '{name}' does not exist.", exception);
        }
    }

    /// <summary>Refuses an upload that would take the tenant past its dataset count or bytes (a replaced dataset's bytes are freed).</summary>
    private async Task EnsureQuotaAsync(string tenantId, string name, long size, int maxCount, long maxBytes, CancellationToken cancellationToken)
    {
        if (maxCount == 0 && maxBytes == 0)
        {
            return;
        }

        var target = DatasetNames.BlobPath(tenantId, name);
        var (count, bytes, replaces) = (0, 0L, false);
        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = $"{tenantId}/" }, cancellationToken))
        {
            if (blob.Name == target)
            {
                replaces = true;
                continue;
            }

            count++;
            bytes += blob.Properties.ContentLength ?? 0;
        }

        if (maxCount > 0 && !replaces && count >= maxCount)
        {
            throw new ModelServiceException(ErrorCode.PayloadTooLarge, $"The tenant keeps {count} datasets, its limit; delete one (DELETE /api/datasets/{{name}}) before uploading another.");
        }

        if (maxBytes > 0 && bytes + size > maxBytes)
        {
            throw new ModelServiceException(ErrorCode.PayloadTooLarge, $"The tenant's datasets would take {bytes + size} bytes, over its limit of {maxBytes}; delete some first.");
        }
    }
}
