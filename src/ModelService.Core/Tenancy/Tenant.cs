namespace ModelService.Core.Tenancy;

/// <summary>A paying customer. Limits left null take the service's defaults.</summary>
public sealed record Tenant(string Id, string Name, DateTimeOffset CreatedAt, double? RequestsPerSecond, long? MonthlySpendCapMicros)
{
    /// <summary>Queued or running async predictions at once (default Predictions:MaxPendingPerTenant).</summary>
    public int? MaxPendingPredictions { get; init; }

    /// <summary>Datasets kept at once (default Training:MaxDatasetsPerTenant).</summary>
    public int? MaxDatasets { get; init; }

    /// <summary>Bytes of datasets kept at once (default Training:MaxDatasetBytesPerTenant).</summary>
    public long? MaxDatasetBytes { get; init; }

    /// <summary>
    /// When the tenant was deleted (its data removed, its usage ledger kept); null for a live tenant. The record
    /// stays so the id is never reused while its ledger rows exist.
    /// </summary>
    public DateTimeOffset? DeletedAt { get; init; }
}
