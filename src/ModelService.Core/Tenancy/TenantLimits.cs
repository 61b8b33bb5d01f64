namespace ModelService.Core.Tenancy;

/// <summary>A tenant's own limits; null takes the service default from the quota options.</summary>
public sealed record TenantLimits(double? RequestsPerSecond, long? MonthlySpendCapMicros)
{
    public int? MaxPendingPredictions { get; init; }

    public int? MaxDatasets { get; init; }

    public long? MaxDatasetBytes { get; init; }

    public static TenantLimits Defaults { get; } = new(null, null);

    public static TenantLimits Of(Tenant tenant)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        return new TenantLimits(tenant.RequestsPerSecond, tenant.MonthlySpendCapMicros)
        {
            MaxPendingPredictions = tenant.MaxPendingPredictions,
            MaxDatasets = tenant.MaxDatasets,
            MaxDatasetBytes = tenant.MaxDatasetBytes,
        };
    }
}
