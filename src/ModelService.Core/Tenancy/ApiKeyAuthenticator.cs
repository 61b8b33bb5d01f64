using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ModelService.Core.Errors;

namespace ModelService.Core.Tenancy;

/// <summary>
/// Turns an <c>Authorization: Bearer …</c> or <c>api-key</c> value into a <see cref="Caller"/>. Checked keys are
/// cached for <see cref="TenancyOptions.KeyCacheSeconds"/>, so the hot path costs no storage round trip; that is
/// also the longest a revoked key keeps working. The secret is compared in constant time on every call.
/// </summary>
public sealed class ApiKeyAuthenticator
{
    private readonly TenantStore _store;
    private readonly IMemoryCache _cache;
    private readonly TimeSpan _cacheTime;

    public ApiKeyAuthenticator(TenantStore store, IMemoryCache cache, IOptions<TenancyOptions> options)
    {
        _store = store;
        _cache = cache;
        _cacheTime = TimeSpan.FromSeconds(options.Value.KeyCacheSeconds);
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
        if (record is null || record.Value.Info.IsRevoked || !ApiKeySecret.Matches(secret, record.Value.Hash))
        {
            throw new ModelServiceException(ErrorCode.Unauthorized, "The API key is not valid.");
        }

        var caller = new Caller(record.Value.Info.TenantId, keyId, record.Value.Info.Scopes);
        return caller.Has(requiredScope)
            ? caller
            : throw new ModelServiceException(ErrorCode.Forbidden, $"The API key lacks the '{requiredScope.ToString().ToLowerInvariant()}' scope.");
    }

    private async Task<(ApiKeyInfo Info, byte[] Hash)?> FindAsync(string keyId, CancellationToken cancellationToken)
    {
        var cacheKey = $"apikey:{keyId}";
        if (_cache.TryGetValue(cacheKey, out (ApiKeyInfo Info, byte[] Hash) cached))
        {
            return cached;
        }

        var found = await _store.FindKeyAsync(keyId, cancellationToken);
        if (found is { } record && _cacheTime > TimeSpan.Zero)
        {
            _cache.Set(cacheKey, record, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _cacheTime, Size = 1 });
        }

        return found;
    }
}
