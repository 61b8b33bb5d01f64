using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ModelService.Core.Errors;

namespace ModelService.Core.Tenancy;

/// <summary>
/// Turns an <c>Authorization: Bearer …</c> or <c>api-key</c> value into a <see cref="Caller"/>. Checked keys are
/// cached with their tenant's limits for <see cref="TenancyOptions.KeyCacheSeconds"/>, so the hot path costs no
/// storage round trip; that is also the longest a revoked key (or a changed limit) takes to apply. The secret is
/// compared in constant time on every call (hashed the first time, see <see cref="ResolvedKey"/>).
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private readonly TenantStore _store;
    private readonly IMemoryCache _cache;
    private readonly TimeSpan _cacheTime;
    private readonly UnknownKeyCache _unknown;
    private readonly TimeSpan _lastUsedInterval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public ApiKeyAuthenticator(TenantStore store, IMemoryCache cache, IOptions<TenancyOptions> options)
        : this(store, cache, options, TimeProvider.System, NullLogger<ApiKeyAuthenticator>.Instance)
    {
    }

    public ApiKeyAuthenticator(TenantStore store, IMemoryCache cache, IOptions<TenancyOptions> options, TimeProvider time, ILogger<ApiKeyAuthenticator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store;
        _cache = cache;
        _cacheTime = TimeSpan.FromSeconds(options.Value.KeyCacheSeconds);
        _unknown = new UnknownKeyCache(time, TimeSpan.FromSeconds(options.Value.UnknownKeyCacheSeconds), options.Value.UnknownKeyCacheEntries);
        _lastUsedInterval = TimeSpan.FromSeconds(options.Value.LastUsedWriteSeconds);
        _time = time;
        _logger = logger;
    }

    public async Task<Caller> AuthenticateAsync(string? keyText, ApiKeyScopes requiredScope, CancellationToken cancellationToken)
    {
        if (!ApiKeySecret.TryParse(keyText, out var keyId, out var secret))
        {
            throw new ModelServiceException(ErrorCode.Unauthorized, keyText is null
                ? "An API key is required: send 'Authorization: Bearer <key>' or 'api-key: <key>'."
                : "The API key is not valid.");
        }

        var record = await FindAsync(keyId, cancellationToken);
        if (record is null || record.Info.IsRevoked || !record.Matches(secret))
        {
            throw new ModelServiceException(ErrorCode.Unauthorized, "The API key is not valid.");
        }

        var now = _time.GetUtcNow();
        if (record.Info.IsExpiredAt(now))
        {
            throw new ModelServiceException(ErrorCode.Unauthorized, "The API key has expired.");
        }

        await RecordUseAsync(record, now, cancellationToken);
        var caller = record.Caller;
        return caller.Has(requiredScope)
            ? caller
            : throw new ModelServiceException(ErrorCode.Forbidden, $"The API key lacks the '{requiredScope.ToString().ToLowerInvariant()}' scope.");
    }

    /// <summary>At most once per interval per key: a failed write costs the call nothing but a log line.</summary>
    private async Task RecordUseAsync(ResolvedKey record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!record.ClaimLastUsedWrite(now, _lastUsedInterval))
        {
            return;
        }

        try
        {
            await _store.TouchKeyAsync(record.Info.KeyId, now, cancellationToken);
        }
        catch (Azure.RequestFailedException exception)
        {
            _logger.LogWarning("Last-used time of key {KeyId} not written: {Status} {Code}", record.Info.KeyId, exception.Status, exception.ErrorCode);
        }
    }

    private async Task<ResolvedKey?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var cacheKey = new CacheKey(keyId);
        if (_cache.TryGetValue(cacheKey, out ResolvedKey? cached))
        {
            return cached;
        }

        if (_unknown.Contains(keyId))
        {
            return null;
        }

        var resolved = await ResolveAsync(keyId, cancellationToken);
        if (resolved is null)
        {
            _unknown.Add(keyId);
        }
        else if (_cacheTime > TimeSpan.Zero)
        {
            _cache.Set(cacheKey, resolved, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _cacheTime, Size = 1 });
        }

        return resolved;
    }

    private async Task<ResolvedKey?> ResolveAsync(string keyId, CancellationToken cancellationToken)
    {
        if (await _store.FindKeyAsync(keyId, cancellationToken) is not { } key)
        {
            return null;
        }

        // A key whose tenant was deleted opens nothing.
        var tenant = await _store.FindTenantAsync(key.Info.TenantId, cancellationToken);
        return tenant is null || tenant.DeletedAt is not null ? null : new ResolvedKey(key.Info, key.Hash, TenantLimits.Of(tenant));
    }

    private sealed record CacheKey(string KeyId);
}
