using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Errors;
using ModelService.Core.Resilience;
using ModelService.Core.Storage;

namespace ModelService.Core.Registry;

/// <summary>
/// The registry in a blob container. A version becomes visible when its manifest is written, and both blobs are
/// written with If-None-Match: * so a version can never be overwritten, even by two concurrent publishers.
/// </summary>
public sealed class BlobModelRegistry : IModelRegistry
{
    private const int AutoVersionAttempts = 5;

    private readonly BlobContainerClient _container;
    private readonly RegistryOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<BlobModelRegistry> _logger;
    private readonly AliasStore _aliases;

    public BlobModelRegistry(StorageClientFactory storage, IOptions<RegistryOptions> options, TimeProvider time, ILogger<BlobModelRegistry> logger)
    {
        _options = options.Value;
        _container = storage.CreateBlobServiceClient().GetBlobContainerClient(_options.ContainerName);
        _time = time;
        _logger = logger;
        _aliases = new AliasStore(_container, _options.AliasUpdateAttempts, time);
    }

    public async Task<ModelManifest> PublishAsync(ModelPublication publication, string modelFilePath, IProgress<long>? uploadProgress, CancellationToken cancellationToken)
    {
        ModelNames.EnsureValidName(publication.Name);
        foreach (var alias in publication.Aliases)
        {
            ModelNames.EnsureSettableAlias(alias);
        }

        var analyzed = await ModelFileAnalyzer.AnalyzeAsync(modelFilePath, cancellationToken);
        EnsureBatchInput(publication.BatchInput, analyzed.Signature);
        await _container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await EnsureSameOwnerAsync(publication, cancellationToken);
        var manifest = await CommitVersionAsync(publication, analyzed, modelFilePath, uploadProgress, cancellationToken);
        foreach (var alias in publication.Aliases)
        {
            await _aliases.SetAsync(publication.Name, alias, manifest.Version, cancellationToken);
        }

        _logger.LogInformation("Published model {Model} version {Version} ({SizeBytes} bytes, {Quantization})", manifest.Name, manifest.Version, manifest.SizeBytes, manifest.Quantization);
        return manifest;
    }

    public async Task<ModelManifest> GetManifestAsync(string name, VersionSelector version, CancellationToken cancellationToken)
    {
        ModelNames.EnsureValidName(name);
        var number = await ResolveVersionAsync(name, version, cancellationToken);
        try
        {
            var content = await _container.GetBlobClient(BlobPaths.Manifest(name, number)).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<ModelManifest>(RegistryJson.Options)
                   ?? throw new InvalidDataException($"Manifest of {name}:{number} is empty.");
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            throw NotFound(name, $"version {number}");
        }
    }

    public async Task<IReadOnlyList<int>> ListVersionsAsync(string name, CancellationToken cancellationToken)
    {
        ModelNames.EnsureValidName(name);
        var versions = new List<int>();
        try
        {
            await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = name + "/" }, cancellationToken))
            {
                if (BlobPaths.VersionOfManifest(name, blob.Name) is { } version)
                {
                    versions.Add(version);
                }
            }
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return [];
        }

        versions.Sort();
        return versions;
    }

    public Task<IReadOnlyDictionary<string, int>> GetAliasesAsync(string name, CancellationToken cancellationToken)
    {
        ModelNames.EnsureValidName(name);
        return _aliases.GetAsync(name, cancellationToken);
    }

    public async Task<IReadOnlyList<ModelSummary>> ListModelsAsync(CancellationToken cancellationToken)
    {
        var models = new List<ModelSummary>();
        if (!await _container.ExistsAsync(cancellationToken))
        {
            return models;
        }

        await foreach (var item in _container.GetBlobsByHierarchyAsync(new GetBlobsByHierarchyOptions { Delimiter = "/" }, cancellationToken))
        {
            var name = item.Prefix?.TrimEnd('/');
            if (name is null || !ModelNames.IsValidName(name))
            {
                continue;
            }

            var versions = await ListVersionsAsync(name, cancellationToken);
            if (versions.Count > 0)
            {
                models.Add(new ModelSummary(name, versions, await _aliases.GetAsync(name, cancellationToken)));
            }
        }

        return models;
    }

    public async Task SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken)
    {
        ModelNames.EnsureValidName(name);
        ModelNames.EnsureSettableAlias(alias);
        if (!(await ListVersionsAsync(name, cancellationToken)).Contains(version))
        {
            throw NotFound(name, $"version {version}");
        }

        await _aliases.SetAsync(name, alias, version, cancellationToken);
        _logger.LogInformation("Alias {Model}@{Alias} now points to version {Version}", name, alias, version);
    }

    public async Task DownloadModelAsync(ModelManifest manifest, Stream destination, CancellationToken cancellationToken)
    {
        try
        {
            await _container.GetBlobClient(BlobPaths.Model(manifest.Name, manifest.Version)).DownloadToAsync(destination, cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            throw new ModelServiceException(ErrorCode.ModelUnavailable, $"The file of model '{manifest.Name}' version {manifest.Version} is missing from storage.", exception);
        }
    }

    public async Task<int> DeleteModelAsync(string name, CancellationToken cancellationToken)
    {
        ModelNames.EnsureValidName(name);
        if (!await _container.ExistsAsync(cancellationToken))
        {
            return 0;
        }

        var blobs = new List<string>();
        await foreach (var blob in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = name + "/" }, cancellationToken))
        {
            blobs.Add(blob.Name);
        }

        var manifests = blobs.Where(blob => BlobPaths.VersionOfManifest(name, blob) is not null).ToList();
        foreach (var blob in blobs.Except(manifests).Concat(manifests))
        {
            await _container.GetBlobClient(blob).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        }

        _logger.LogInformation("Model {Model} deleted: {Versions} versions, {Blobs} blobs", name, manifests.Count, blobs.Count);
        return manifests.Count;
    }

    public async Task<bool> IsReachableAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _container.ExistsAsync(cancellationToken);
            return true;
        }
        catch (RequestFailedException exception)
        {
            _logger.LogWarning("Registry storage is not reachable: {Status} {Code}", exception.Status, exception.ErrorCode);
            return false;
        }
    }

    private async Task<int> ResolveVersionAsync(string name, VersionSelector version, CancellationToken cancellationToken)
    {
        if (version.Number is { } number)
        {
            return number;
        }

        if (version.IsLatest)
        {
            var versions = await ListVersionsAsync(name, cancellationToken);
            return versions.Count > 0 ? versions[^1] : throw NotFound(name, "versions");
        }

        var aliases = await _aliases.GetAsync(name, cancellationToken);
        return aliases.TryGetValue(version.Alias!, out var target) ? target : throw NotFound(name, $"alias '{version.Alias}'");
    }

    private async Task<ModelManifest> CommitVersionAsync(ModelPublication publication, AnalyzedModelFile analyzed, string path, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        if (publication.Version is { } version)
        {
            return await CommitAsync(CreateManifest(publication, analyzed, version), path, progress, cancellationToken);
        }

        // An automatic number lost to a concurrent publisher: take the next one. Whoever took it may have been
        // another owner creating the same name, so that is checked again first (and its refusal is not retried).
        var taken = 0;
        var retry = RetryPipelines.OptimisticConcurrency(AutoVersionAttempts, RetryPipelines.IsConflict, RetryPipelines.NoPause, _time, async _ =>
        {
            _logger.LogInformation("Version {Version} of {Model} was taken concurrently; trying the next one", taken, publication.Name);
            await EnsureSameOwnerAsync(publication, cancellationToken);
        });
        return await retry.ExecuteAsync(async token =>
        {
            taken = await NextVersionAsync(publication.Name, token);
            return await CommitAsync(CreateManifest(publication, analyzed, taken), path, progress, token);
        }, cancellationToken);
    }

    private async Task<ModelManifest> CommitAsync(ModelManifest manifest, string path, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        await UploadModelFileAsync(manifest, path, progress, cancellationToken);
        await UploadManifestAsync(manifest, cancellationToken);
        return manifest;
    }

    /// <summary>A model is public or private as a whole: a new version cannot change who may see the others.</summary>
    private async Task EnsureSameOwnerAsync(ModelPublication publication, CancellationToken cancellationToken)
    {
        var versions = await ListVersionsAsync(publication.Name, cancellationToken);
        if (versions.Count == 0)
        {
            return;
        }

        var latest = await GetManifestAsync(publication.Name, VersionSelector.ForNumber(versions[^1]), cancellationToken);
        if (latest.Owner != publication.Owner && publication.Owner is not null)
        {
            // A tenant's publication (a trained model) learns nothing about who holds the name.
            throw ModelOwnership.HiddenName(publication.Name);
        }

        if (latest.Owner != publication.Owner)
        {
            var current = latest.Owner is null ? "public" : $"private to tenant '{latest.Owner}'";
            throw new ModelServiceException(ErrorCode.Conflict, $"Model '{publication.Name}' is {current}; publish new versions with the same owner.");
        }
    }

    private async Task<int> NextVersionAsync(string name, CancellationToken cancellationToken)
    {
        var versions = await ListVersionsAsync(name, cancellationToken);
        return versions.Count == 0 ? 1 : versions[^1] + 1;
    }

    private ModelManifest CreateManifest(ModelPublication publication, AnalyzedModelFile analyzed, int version) => new()
    {
        Name = publication.Name,
        Version = version,
        Sha256 = analyzed.Sha256,
        SizeBytes = analyzed.SizeBytes,
        Inputs = analyzed.Signature.Inputs,
        Outputs = analyzed.Signature.Outputs,
        Quantization = analyzed.Quantization,
        Pricing = publication.Pricing,
        BatchInput = publication.BatchInput,
        Owner = publication.Owner,
        Card = publication.Card,
        Onnx = analyzed.Onnx,
        CreatedAt = _time.GetUtcNow(),
        QuantizationReport = publication.QuantizationReport,
    };

    private async Task UploadModelFileAsync(ModelManifest manifest, string path, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(BlobPaths.Model(manifest.Name, manifest.Version));
        var options = new BlobUploadOptions
        {
            Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
            Metadata = new Dictionary<string, string> { ["sha256"] = manifest.Sha256 },
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
            ProgressHandler = progress,
        };
        try
        {
            await blob.UploadAsync(path, options, cancellationToken);
        }
        catch (RequestFailedException exception) when (IsAlreadyThere(exception))
        {
            if (await ReclaimUnfinishedUploadAsync(blob, manifest, cancellationToken))
            {
                await blob.UploadAsync(path, options, cancellationToken);
            }
        }
    }

    /// <summary>
    /// A model file without a manifest is an unfinished publish. The same bytes are reused (a retried publish);
    /// different bytes are replaced only once abandoned, so a publish in progress elsewhere is never clobbered.
    /// Returns true when the caller should upload again.
    /// </summary>
    private async Task<bool> ReclaimUnfinishedUploadAsync(BlobClient blob, ModelManifest manifest, CancellationToken cancellationToken)
    {
        if (await _container.GetBlobClient(BlobPaths.Manifest(manifest.Name, manifest.Version)).ExistsAsync(cancellationToken))
        {
            throw VersionExists(manifest);
        }

        var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        if (properties.Metadata.TryGetValue("sha256", out var existing) && existing == manifest.Sha256)
        {
            return false;
        }

        if (_time.GetUtcNow() - properties.LastModified < TimeSpan.FromSeconds(_options.AbandonedUploadSeconds))
        {
            throw new ModelServiceException(ErrorCode.Conflict, $"Version {manifest.Version} of '{manifest.Name}' is being published by someone else right now.");
        }

        _logger.LogWarning("Replacing an abandoned upload of {Model} version {Version}", manifest.Name, manifest.Version);
        await blob.DeleteAsync(conditions: new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken: cancellationToken);
        return true;
    }

    private async Task UploadManifestAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        var json = BinaryData.FromBytes(JsonSerializer.SerializeToUtf8Bytes(manifest, RegistryJson.Options));
        try
        {
            await _container.GetBlobClient(BlobPaths.Manifest(manifest.Name, manifest.Version)).UploadAsync(
                json,
                new BlobUploadOptions
                {
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                    HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                },
                cancellationToken);
        }
        catch (RequestFailedException exception) when (IsAlreadyThere(exception))
        {
            throw VersionExists(manifest);
        }
    }

    private static void EnsureBatchInput(string? batchInput, ModelSignature signature)
    {
        if (batchInput is not null && signature.Inputs.FirstOrDefault(i => i.Name == batchInput) is not { Shape.Count: > 0 })
        {
            throw new ModelServiceException(
                ErrorCode.InvalidRequest,
                $"The batch input must be an input of rank 1 or more; the model's are {string.Join(", ", signature.Inputs.Select(i => $"'{i.Name}' [{string.Join(',', i.Shape)}]"))}.");
        }
    }

    private static bool IsAlreadyThere(RequestFailedException exception) => exception.Status is 409 or 412;

    private static ModelServiceException VersionExists(ModelManifest manifest) =>
        new(ErrorCode.Conflict, $"Version {manifest.Version} of '{manifest.Name}' already exists; versions are immutable.");

    private static ModelServiceException NotFound(string name, string what) => RegistryErrors.NotFound(name, what);
}
