using System.Globalization;
using ModelService.Core.Caching;
using ModelService.Core.Registry;

namespace ModelService.Core.Serving;

/// <summary>
/// The model repository extension on this instance: the index of the models a tenant may call (latest versions)
/// with whether each is warm here, load (warm it now) and unload (evict its warm versions). Other instances keep
/// their own caches: a load or unload here changes nothing there.
/// </summary>
public sealed class ModelRepository
{
    public const string Ready = "READY";
    public const string Unavailable = "UNAVAILABLE";

    private readonly IModelRegistry _registry;
    private readonly ModelServing _serving;
    private readonly ModelSessionCache _cache;

    public ModelRepository(IModelRegistry registry, ModelServing serving, ModelSessionCache cache)
    {
        _registry = registry;
        _serving = serving;
        _cache = cache;
    }

    public async Task<IReadOnlyList<RepositoryModel>> IndexAsync(string tenantId, bool readyOnly, CancellationToken cancellationToken)
    {
        var entries = new List<RepositoryModel>();
        foreach (var summary in await _registry.ListModelsAsync(cancellationToken))
        {
            var manifest = await _registry.GetManifestAsync(summary.Name, VersionSelector.Latest, cancellationToken);
            if (manifest.Owner is not null && manifest.Owner != tenantId)
            {
                continue;
            }

            var warm = _cache.IsWarm(manifest);
            if (!readyOnly || warm)
            {
                entries.Add(new RepositoryModel(manifest.Name, manifest.Version.ToString(CultureInfo.InvariantCulture), warm ? Ready : Unavailable, warm ? null : "not loaded on this instance; it loads on its first call"));
            }
        }

        return entries;
    }

    public Task<ModelManifest> LoadAsync(string tenantId, string model, CancellationToken cancellationToken) =>
        _serving.MakeReadyAsync(tenantId, model, null, cancellationToken);

    /// <summary>Evicts every warm version of the model here; returns how many were warm.</summary>
    public async Task<int> UnloadAsync(string tenantId, string model, CancellationToken cancellationToken)
    {
        var latest = await _serving.ResolveAsync(tenantId, model, null, cancellationToken);
        var evicted = 0;
        foreach (var version in await _registry.ListVersionsAsync(latest.Name, cancellationToken))
        {
            var manifest = version == latest.Version ? latest : await _registry.GetManifestAsync(latest.Name, VersionSelector.Parse(version.ToString(CultureInfo.InvariantCulture)), cancellationToken);
            evicted += _cache.Evict(manifest) ? 1 : 0;
        }

        return evicted;
    }
}
