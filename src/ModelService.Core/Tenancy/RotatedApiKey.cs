namespace ModelService.Core.Tenancy;

/// <summary>A rotation: the new key (secret shown once) and the old one, live until its <see cref="ApiKeyInfo.ExpiresAt"/>.</summary>
public sealed record RotatedApiKey(CreatedApiKey Created, ApiKeyInfo Previous);
