namespace ModelService.Core.Tenancy;

/// <summary>Who is calling: the tenant and what its key allows.</summary>
public sealed record Caller(string TenantId, string KeyId, ApiKeyScopes Scopes)
{
    public bool Has(ApiKeyScopes scope) => (Scopes & scope) == scope;
}
