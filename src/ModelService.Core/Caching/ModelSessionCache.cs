using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Errors;
using ModelService.Core.Registry;
using ModelService.Core.Telemetry;

namespace ModelService.Core.Caching;

/// <summary>
/// Warm ONNX Runtime sessions under a byte budget. Concurrent calls for a cold model share one download and one
/// session (single flight); the least recently used sessions leave first when room is needed; a session leaves
/// memory only after every call holding a lease on it has finished.
/// </summary>
public sealed class ModelSessionCache : IDisposable
{
    private readonly MemoryCache _sessions;
    private readonly ConcurrentDictionary<string, Lazy<Task<CachedSession>>> _loading = new(StringComparer.Ordinal);
    private readonly Lock _insertLock = new();
    private readonly CancellationTokenSource _shutdown = new();
    private readonly IModelRegistry _registry;
    private readonly LocalModelStore _disk;
    private readonly SessionOptionsSettings _sessionSettings;
    private readonly long _sizeLimitBytes;
    private readonly ILogger<ModelSessionCache> _logger;

    public ModelSessionCache(
        IModelRegistry registry,
        IOptions<ModelCacheOptions> options,
        IOptions<SessionOptionsSettings> sessionSettings,
        ILogger<ModelSessionCache> logger)
    {
        _registry = registry;
        _sizeLimitBytes = options.Value.SizeLimitBytes;
        _sessionSettings = sessionSettings.Value;
        _logger = logger;
        _disk = new LocalModelStore(options.Value, Statistics, logger);
        _sessions = new MemoryCache(new MemoryCacheOptions { SizeLimit = _sizeLimitBytes, TrackStatistics = true, CompactionPercentage = 0.05 });
        ModelServiceTelemetry.ObserveWarmBytes(() => CachedBytes);
    }

    public ModelCacheStatistics Statistics { get; } = new();

    public long CachedBytes => _sessions.GetCurrentStatistics()?.CurrentEstimatedSize ?? 0;

    public int CachedCount => _sessions.Count;

    public bool IsWarm(ModelManifest manifest) => _sessions.TryGetValue(Key(manifest), out _);

    /// <summary>Takes the version out of the warm cache (the repository extension's unload); calls holding a lease finish first.</summary>
    public bool Evict(ModelManifest manifest)
    {
        var warm = IsWarm(manifest);
        _sessions.Remove(Key(manifest));
        return warm;
    }

    public async Task<ModelLease> AcquireAsync(ModelManifest manifest, CancellationToken cancellationToken)
    {
        EnsureFitsBudget(manifest);
        var key = Key(manifest);
        while (true)
        {
            if (_sessions.TryGetValue(key, out CachedSession? cached) && cached!.TryAddReference())
            {
                Statistics.Hit();
                ModelServiceTelemetry.CacheHits.Add(1, ModelServiceTelemetry.ModelTags(manifest.Name, manifest.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                return new ModelLease(cached);
            }

            ModelServiceTelemetry.CacheMisses.Add(1, ModelServiceTelemetry.ModelTags(manifest.Name, manifest.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            var loaded = await LoadOnceAsync(key, manifest).WaitAsync(cancellationToken);
            if (loaded.TryAddReference())
            {
                return new ModelLease(loaded);
            }

            // Evicted and disposed between its load and this call taking a reference: load again.
        }
    }

    public void Dispose()
    {
        _shutdown.Cancel();
        _sessions.Compact(1.0);
        _sessions.Dispose();
        _shutdown.Dispose();
    }

    private static string Key(ModelManifest manifest) => $"{manifest.Name}:{manifest.Version}";

    private void EnsureFitsBudget(ModelManifest manifest)
    {
        if (manifest.SizeBytes > _sizeLimitBytes)
        {
            throw new ModelServiceException(
                ErrorCode.ModelUnavailable,
                $"Model '{manifest.Name}' version {manifest.Version} ({manifest.SizeBytes} bytes) is larger than the cache budget ({_sizeLimitBytes} bytes); raise ModelService:Cache:SizeLimitBytes.");
        }
    }

    private Task<CachedSession> LoadOnceAsync(string key, ModelManifest manifest) =>
        _loading.GetOrAdd(key, k => new Lazy<Task<CachedSession>>(() => LoadAndInsertAsync(k, manifest))).Value;

    private async Task<CachedSession> LoadAndInsertAsync(string key, ModelManifest manifest)
    {
        try
        {
            var started = Stopwatch.GetTimestamp();
            var path = await _disk.GetVerifiedFileAsync(manifest, (stream, token) => _registry.DownloadModelAsync(manifest, stream, token), _shutdown.Token);
            var entry = new CachedSession(manifest, CreateSession(path, manifest), Statistics.SessionDisposed);
            Statistics.SessionCreated();
            Insert(key, entry);
            ModelServiceTelemetry.ColdLoadDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("model", manifest.Name));
            _logger.LogInformation(
                "Loaded model {Model} version {Version} ({SizeBytes} bytes) in {ElapsedMs:F1} ms",
                manifest.Name, manifest.Version, manifest.SizeBytes, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return entry;
        }
        finally
        {
            _loading.TryRemove(key, out _);
        }
    }

    private InferenceSession CreateSession(string path, ModelManifest manifest)
    {
        try
        {
            using var options = _sessionSettings.Create();
            return new InferenceSession(path, options);
        }
        catch (OnnxRuntimeException exception)
        {
            _logger.LogError(exception, "ONNX Runtime could not load model {Model} version {Version}", manifest.Name, manifest.Version);
            throw new ModelServiceException(ErrorCode.ModelUnavailable, $"Model '{manifest.Name}' version {manifest.Version} cannot be loaded by ONNX Runtime.", exception);
        }
    }

    private void Insert(string key, CachedSession entry)
    {
        var options = new MemoryCacheEntryOptions { Size = entry.Manifest.SizeBytes }
            .RegisterPostEvictionCallback(static (_, value, reason, state) => ((ModelSessionCache)state!).OnEvicted((CachedSession)value!, reason), this);
        lock (_insertLock)
        {
            MakeRoom(entry.Manifest.SizeBytes);
            _sessions.Set(key, entry, options);
        }
    }

    /// <summary>Evicts least recently used sessions, one at a time, until the new one fits the budget.</summary>
    private void MakeRoom(long needed)
    {
        while (_sessions.Count > 0 && CachedBytes + needed > _sizeLimitBytes)
        {
            _sessions.Compact(1.0 / _sessions.Count + 1e-9);
        }
    }

    private void OnEvicted(CachedSession entry, EvictionReason reason)
    {
        _logger.LogInformation("Evicted model {Model} version {Version} ({Reason})", entry.Manifest.Name, entry.Manifest.Version, reason);
        ModelServiceTelemetry.CacheEvictions.Add(1, new KeyValuePair<string, object?>("model", entry.Manifest.Name), new KeyValuePair<string, object?>("reason", reason.ToString()));
        entry.Release();
    }
}
