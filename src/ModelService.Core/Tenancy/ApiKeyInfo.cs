namespace ModelService.Core.Tenancy;

/// <summary>What is known of a key without its secret: listing and auditing show this, never the secret.</summary>
public sealed record ApiKeyInfo(string KeyId, string TenantId, ApiKeyScopes Scopes, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt)
{
    public bool IsRevoked => RevokedAt is not null;
}
