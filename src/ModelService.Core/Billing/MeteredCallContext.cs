namespace ModelService.Core.Billing;

/// <summary>Who makes a billed call (tenant and API key), under which call id, and how it arrived (sync or async).</summary>
public sealed record MeteredCallContext(string CallId, string TenantId, string Kind, string? KeyId = null);
