namespace ModelService.Core.Tenancy;

/// <summary>A new key: <see cref="Secret"/> is shown once to its owner and stored nowhere.</summary>
public sealed record CreatedApiKey(ApiKeyInfo Info, string Secret);
