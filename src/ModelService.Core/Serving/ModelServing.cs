using System.Diagnostics;
using System.Globalization;
using ModelService.Core.Caching;
using ModelService.Core.Errors;
using ModelService.Core.Inference;
using ModelService.Core.Registry;
using ModelService.Core.Statistics;
using ModelService.Core.Telemetry;
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
    private readonly ServingStatistics _statistics;

    public ModelServing(ModelResolver resolver, IModelRegistry registry, ModelSessionCache cache, InferenceEngine engine, ServingStatistics statistics)
    {
        _resolver = resolver;
        _registry = registry;
        _cache = cache;
        _engine = engine;
        _statistics = statistics;
    }

    public ServingStatistics Statistics => _statistics;

    public async Task<InferenceResult> InferAsync(string tenantId, string model, string? version, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken) =>
        await InferAsync(await ResolveAsync(tenantId, model, version, cancellationToken), InferenceRequestBody.FromJson(requestJson), cancellationToken);

    public Task<InferenceResult> InferAsync(ModelManifest manifest, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken) =>
        InferAsync(manifest, InferenceRequestBody.FromJson(requestJson), cancellationToken);

    /// <summary>
    /// Runs a version already resolved (and access-checked) by <see cref="ResolveAsync"/>. The result holds the
    /// session's lease until it is disposed, so its outputs stay valid while they are written.
    /// </summary>
    public async Task<InferenceResult> InferAsync(ModelManifest manifest, InferenceRequestBody body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var version = manifest.Version.ToString(CultureInfo.InvariantCulture);
        var started = Stopwatch.GetTimestamp();
        _statistics.Owned(manifest.Name, manifest.Owner);
        try
        {
            var lease = await AcquireAsync(manifest, cancellationToken);
            _statistics.Record(manifest.Name, version, StatisticPhase.Queue, Stopwatch.GetElapsedTime(started));
            try
            {
                var result = _engine.Infer(lease.Session, manifest.Signature, new ModelIdentity(manifest.Name, version), body, ClassNames.Of(manifest), manifest.Card.ExplanationBaseline, cancellationToken);
                result.Response.Own(lease);
                _statistics.Record(manifest.Name, version, StatisticPhase.ComputeInput, result.InputTime);
                _statistics.Record(manifest.Name, version, StatisticPhase.ComputeInfer, result.ComputeTime);
                result.Response.Written = written =>
                {
                    _statistics.Record(manifest.Name, version, StatisticPhase.ComputeOutput, written);
                    _statistics.Succeeded(manifest.Name, version, result.BatchSize, Stopwatch.GetElapsedTime(started));
                };
                return result;
            }
            catch
            {
                lease.Dispose();
                throw;
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _statistics.Failed(manifest.Name, version, Stopwatch.GetElapsedTime(started));
            throw;
        }
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
            manifest.Outputs) { Manifest = manifest };
    }

    /// <summary>Loads the model (if cold) so that a ready answer means the next call is served warm.</summary>
    public async Task<ModelManifest> MakeReadyAsync(string tenantId, string model, string? version, CancellationToken cancellationToken)
    {
        var manifest = await ResolveAsync(tenantId, model, version, cancellationToken);
        using var lease = await AcquireAsync(manifest, cancellationToken);
        return manifest;
    }

    public bool IsWarm(ModelManifest manifest) => _cache.IsWarm(manifest);

    /// <summary>
    /// Exactly the models this tenant may call: public ones and its own private ones. Another tenant's model is
    /// left out as if it did not exist (the owner of a name is the owner of its latest version, as for calls).
    /// </summary>
    public async Task<IReadOnlyList<ModelListing>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var listed = new List<ModelListing>();
        foreach (var model in await _registry.ListModelsAsync(cancellationToken))
        {
            var latest = await _resolver.ResolveAsync(model.Name, VersionSelector.ForNumber(model.LatestVersion), cancellationToken);
            if (ModelAccess.IsVisible(latest, tenantId))
            {
                listed.Add(new ModelListing(model.Name, model.Versions, model.Aliases, model.LatestVersion, latest.Owner is not null));
            }
        }

        return listed;
    }

    public Task<bool> IsServiceReadyAsync(CancellationToken cancellationToken) => _registry.IsReachableAsync(cancellationToken);

    public async Task<ModelManifest> ResolveAsync(string tenantId, string model, string? version, CancellationToken cancellationToken)
    {
        using var activity = ModelServiceTelemetry.Source.StartActivity("resolve");
        activity?.SetTag("model", model);
        try
        {
            var selector = version is null ? VersionSelector.Latest : VersionSelector.Parse(version);
            var manifest = await _resolver.ResolveAsync(model, selector, cancellationToken);
            activity?.SetTag("model.version", manifest.Version);
            return ModelAccess.EnsureVisible(manifest, tenantId, selector);
        }
        catch (ModelServiceException exception)
        {
            ModelServiceTelemetry.Fail(activity, exception.Code.ToString());
            throw;
        }
    }

    private async Task<ModelLease> AcquireAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        using var activity = ModelServiceTelemetry.Source.StartActivity("load");
        activity?.SetTag("model", manifest.Name);
        activity?.SetTag("model.version", manifest.Version);
        activity?.SetTag("cache.warm", _cache.IsWarm(manifest));
        try
        {
            return await _cache.AcquireAsync(manifest, cancellationToken);
        }
        catch (ModelServiceException exception)
        {
            ModelServiceTelemetry.Fail(activity, exception.Code.ToString());
            throw;
        }
    }
}
