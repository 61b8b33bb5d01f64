using System.Security.Cryptography;
using System.Text;

namespace ModelService.Core.Tenancy;

/// <summary>
/// A stored key with its secret's hash, its tenant's limits and the caller it makes: what the authenticator
/// caches. Once a secret has been proven against the hash, its bytes are kept with the entry (in this process's
/// memory only, for the cache's lifetime, as every request carries them anyway), so later calls compare in
/// constant time without hashing again.
/// </summary>
internal sealed class ResolvedKey
{
    private const int StackLimit = 256;
    private byte[]? _verifiedSecret;
    private long _lastUsedTicks;

    public ResolvedKey(ApiKeyInfo info, byte[] hash, TenantLimits limits)
    {
        Info = info;
        Hash = hash;
        Caller = new Caller(info.TenantId, info.KeyId, info.Scopes) { Limits = limits };
        _lastUsedTicks = info.LastUsedAt?.UtcTicks ?? 0;
    }

    public ApiKeyInfo Info { get; }

    public byte[] Hash { get; }

    public Caller Caller { get; }

    /// <summary>
    /// True for exactly one caller once <paramref name="interval"/> has passed since the last recorded use (as
    /// stored, or as written by this instance): that caller writes the new last-used time.
    /// </summary>
    public bool ClaimLastUsedWrite(DateTimeOffset now, TimeSpan interval)
    {
        var last = Volatile.Read(ref _lastUsedTicks);
        return now.UtcTicks - last >= interval.Ticks && Interlocked.CompareExchange(ref _lastUsedTicks, now.UtcTicks, last) == last;
    }

    public bool Matches(string secret)
    {
        if (Volatile.Read(ref _verifiedSecret) is { } verified)
        {
            var maxBytes = Encoding.UTF8.GetMaxByteCount(secret.Length);
            var buffer = maxBytes <= StackLimit ? stackalloc byte[StackLimit] : new byte[maxBytes];
            var written = Encoding.UTF8.GetBytes(secret, buffer);
            return CryptographicOperations.FixedTimeEquals(buffer[..written], verified);
        }

        if (!ApiKeySecret.Matches(secret, Hash))
        {
            return false;
        }

        Volatile.Write(ref _verifiedSecret, Encoding.UTF8.GetBytes(secret));
        return true;
    }
}
