using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace ModelService.Core.Registry;

/// <summary>
/// Resolves a model reference to its manifest on the hot path without a storage round trip per call:
/// manifests are immutable and kept while used; "latest" and aliases are kept for a short, configured time.
/// </summary>
public sealed class ModelResolver
{
    private static readonly TimeSpan ManifestSlidingExpiration = TimeSpan.FromHours(1);

    private readonly IModelRegistry _registry;
    private readonly IMemoryCache _cache;
    private readonly TimeSpan _pointerLifetime;

    public ModelResolver(IModelRegistry registry, IMemoryCache cache, IOptions<RegistryOptions> options)
    {
        _registry = registry;
        _cache = cache;
        _pointerLifetime = TimeSpan.FromSeconds(options.Value.PointerCacheSeconds);
    }

    public async Task<ModelManifest> ResolveAsync(string name, VersionSelector version, CancellationToken cancellationToken)
    {
        ModelNames.EnsureValidName(name);
        if (version.Number is { } number)
        {
            return await GetManifestAsync(name, number, cancellationToken);
        }

        if (_pointerLifetime == TimeSpan.Zero)
        {
            return await _registry.GetManifestAsync(name, version, cancellationToken);
        }

        var key = new PointerKey(name, version.Alias!);
        if (_cache.TryGetValue(key, out ModelManifest? cached))
        {
            return cached!;
        }

        var manifest = await _registry.GetManifestAsync(name, version, cancellationToken);
        _cache.Set(key, manifest, _pointerLifetime);
        return manifest;
    }

    /// <summary>
    /// A model's version numbers, kept like a pointer: the model metadata route asks on every call, and a blob
    /// listing per call was most of that route's time (2.4 ms p50 where health takes 0.8 ms).
    /// </summary>
    public async Task<IReadOnlyList<int>> ListVersionsAsync(string name, CancellationToken cancellationToken)
    {
        if (_pointerLifetime == TimeSpan.Zero)
        {
            return await _registry.ListVersionsAsync(name, cancellationToken);
        }

        var key = new VersionsKey(name);
        if (_cache.TryGetValue(key, out IReadOnlyList<int>? cached))
        {
            return cached!;
        }

        var versions = await _registry.ListVersionsAsync(name, cancellationToken);
        _cache.Set(key, versions, _pointerLifetime);
        return versions;
    }

    private async Task<ModelManifest> GetManifestAsync(string name, int number, CancellationToken cancellationToken)
    {
        var key = new ManifestKey(name, number);
        if (_cache.TryGetValue(key, out ModelManifest? cached))
        {
            return cached!;
        }

        var manifest = await _registry.GetManifestAsync(name, VersionSelector.ForNumber(number), cancellationToken);
        _cache.Set(key, manifest, new MemoryCacheEntryOptions { SlidingExpiration = ManifestSlidingExpiration });
        return manifest;
    }

    private sealed record ManifestKey(string Name, int Version);

    private sealed record PointerKey(string Name, string Alias);

    private sealed record VersionsKey(string Name);
}
