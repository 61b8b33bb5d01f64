namespace ModelService.Core.Tenancy;

/// <summary>A stored key with its secret's hash and its tenant's limits: what the authenticator caches.</summary>
internal sealed record ResolvedKey(ApiKeyInfo Info, byte[] Hash, TenantLimits Limits);
