namespace ModelService.Core.Tenancy;

/// <summary>What is known of a key without its secret: listing and auditing show this, never the secret.</summary>
public sealed record ApiKeyInfo(string KeyId, string TenantId, ApiKeyScopes Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>When the key stops working by itself; null: never. A rotated key gets one (its overlap's end).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The last time a call authenticated with it, written at most once a minute per key and instance.</summary>
    public DateTimeOffset? LastUsedAt { get; init; }

    /// <summary>The key this one replaced with <c>keys rotate</c>, if any.</summary>
    public string? RotatedFrom { get; init; }

    public bool IsRevoked => RevokedAt is not null;

    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt is { } expires && expires <= now;

    public bool IsLiveAt(DateTimeOffset now) => !IsRevoked && !IsExpiredAt(now);
}
