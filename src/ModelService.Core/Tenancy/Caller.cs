namespace ModelService.Core.Tenancy;

/// <summary>Who is calling: the tenant, what its key allows, and the tenant's limits.</summary>
public sealed record Caller(string TenantId, string KeyId, ApiKeyScopes Scopes)
{
    public TenantLimits Limits { get; init; } = TenantLimits.Defaults;

    public bool Has(ApiKeyScopes scope) => (Scopes & scope) == scope;
}
