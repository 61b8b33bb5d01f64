using System.Globalization;
using ModelService.Core.Caching;
using ModelService.Core.Inference;
using ModelService.Core.Registry;
using ModelService.Core.Tenancy;

namespace ModelService.Core.Serving;

/// <summary>
/// What the inference endpoints do, independent of how a call arrives (HTTP or queue). Every lookup is made on
/// behalf of a tenant, who sees public models and its own private ones.
/// </summary>
public sealed class ModelServing
{
    public const string Platform = "onnxruntime_onnx";

    private readonly ModelResolver _resolver;
    private readonly IModelRegistry _registry;
    private readonly ModelSessionCache _cache;
    private readonly InferenceEngine _engine;

    public ModelServing(ModelResolver resolver, IModelRegistry registry, ModelSessionCache cache, InferenceEngine engine)
    {
        _resolver = resolver;
        _registry = registry;
        _cache = cache;
        _engine = engine;
    }

    public async Task<InferenceResult> InferAsync(string tenantId, string model, string? version, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken) =>
        await InferAsync(await ResolveAsync(tenantId, model, version, cancellationToken), requestJson, cancellationToken);

    /// <summary>Runs a version already resolved (and access-checked) by <see cref="ResolveAsync"/>.</summary>
    public async Task<InferenceResult> InferAsync(ModelManifest manifest, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        using var lease = await _cache.AcquireAsync(manifest, cancellationToken);
        var identity = new ModelIdentity(manifest.Name, manifest.Version.ToString(CultureInfo.InvariantCulture));
        return _engine.Infer(lease.Session, manifest.Signature, identity, requestJson, cancellationToken);
    }

    public async Task<ModelMetadata> GetMetadataAsync(string tenantId, string model, string? version, CancellationToken cancellationToken)
    {
        var manifest = await ResolveAsync(tenantId, model, version, cancellationToken);
        var versions = await _resolver.ListVersionsAsync(manifest.Name, cancellationToken);
        return new ModelMetadata(
            manifest.Name,
            [.. versions.Select(v => v.ToString(CultureInfo.InvariantCulture))],
            Platform,
            manifest.Inputs,
            manifest.Outputs);
    }

    /// <summary>Loads the model (if cold) so that a ready answer means the next call is served warm.</summary>
    public async Task<ModelManifest> MakeReadyAsync(string tenantId, string model, string? version, CancellationToken cancellationToken)
    {
        var manifest = await ResolveAsync(tenantId, model, version, cancellationToken);
        using var lease = await _cache.AcquireAsync(manifest, cancellationToken);
        return manifest;
    }

    public Task<bool> IsServiceReadyAsync(CancellationToken cancellationToken) => _registry.IsReachableAsync(cancellationToken);

    public async Task<ModelManifest> ResolveAsync(string tenantId, string model, string? version, CancellationToken cancellationToken)
    {
        var selector = version is null ? VersionSelector.Latest : VersionSelector.Parse(version);
        var manifest = await _resolver.ResolveAsync(model, selector, cancellationToken);
        return ModelAccess.EnsureVisible(manifest, tenantId, selector);
    }
}
