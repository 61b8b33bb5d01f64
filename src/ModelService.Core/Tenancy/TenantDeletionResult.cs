namespace ModelService.Core.Tenancy;

/// <summary>What one run of a tenant's deletion removed; a run after a finished deletion removes nothing.</summary>
public sealed record TenantDeletionResult
{
    public required string TenantId { get; init; }

    /// <summary>When the tenant was first marked deleted (this run or an earlier one).</summary>
    public required DateTimeOffset DeletedAt { get; init; }

    public required int Keys { get; init; }

    public required int Predictions { get; init; }

    public required int Datasets { get; init; }

    /// <summary>Private models (names) removed from the registry.</summary>
    public required int Models { get; init; }

    /// <summary>Their versions, all of them.</summary>
    public required int ModelVersions { get; init; }

    /// <summary>True when an earlier run had finished and this one found nothing left to remove.</summary>
    public required bool AlreadyDeleted { get; init; }

    public int Removed => Keys + Predictions + Datasets + ModelVersions;
}
