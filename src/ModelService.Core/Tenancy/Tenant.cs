namespace ModelService.Core.Tenancy;

/// <summary>A paying customer. Limits left null take the service's defaults.</summary>
public sealed record Tenant(string Id, string Name, DateTimeOffset CreatedAt, double? RequestsPerSecond, long? MonthlySpendCapMicros);
