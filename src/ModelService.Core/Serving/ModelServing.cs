using System.Globalization;
using ModelService.Core.Caching;
using ModelService.Core.Inference;
using ModelService.Core.Registry;

namespace ModelService.Core.Serving;

/// <summary>What the inference endpoints do, independent of how a call arrives (HTTP today, queues next).</summary>
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

    public async Task<InferenceResult> InferAsync(string model, string? version, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken)
    {
        var manifest = await ResolveAsync(model, version, cancellationToken);
        using var lease = await _cache.AcquireAsync(manifest, cancellationToken);
        var identity = new ModelIdentity(manifest.Name, manifest.Version.ToString(CultureInfo.InvariantCulture));
        return _engine.Infer(lease.Session, manifest.Signature, identity, requestJson, cancellationToken);
    }

    public async Task<ModelMetadata> GetMetadataAsync(string model, string? version, CancellationToken cancellationToken)
    {
        var manifest = await ResolveAsync(model, version, cancellationToken);
        var versions = await _registry.ListVersionsAsync(manifest.Name, cancellationToken);
        return new ModelMetadata(
            manifest.Name,
            [.. versions.Select(v => v.ToString(CultureInfo.InvariantCulture))],
            Platform,
            manifest.Inputs,
            manifest.Outputs);
    }

    /// <summary>Loads the model (if cold) so that a ready answer means the next call is served warm.</summary>
    public async Task<ModelManifest> MakeReadyAsync(string model, string? version, CancellationToken cancellationToken)
    {
        var manifest = await ResolveAsync(model, version, cancellationToken);
        using var lease = await _cache.AcquireAsync(manifest, cancellationToken);
        return manifest;
    }

    public Task<bool> IsServiceReadyAsync(CancellationToken cancellationToken) => _registry.IsReachableAsync(cancellationToken);

    private Task<ModelManifest> ResolveAsync(string model, string? version, CancellationToken cancellationToken) =>
        _resolver.ResolveAsync(model, version is null ? VersionSelector.Latest : VersionSelector.Parse(version), cancellationToken);
}
