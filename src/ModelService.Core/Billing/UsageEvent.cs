namespace ModelService.Core.Billing;

/// <summary>
/// One billed call, as it leaves the function on the <c>usage-events</c> queue and as the ledger keeps it. Amounts
/// are integer micro-units of the billing currency and compute time integer microseconds, so every sum is exact.
/// Never holds request or response data.
/// </summary>
public sealed record UsageEvent
{
    /// <summary>Unique per call; the ledger's key, so a redelivered event is counted once.</summary>
    public required string CallId { get; init; }

    public required string TenantId { get; init; }

    /// <summary>The API key the call was made with (the submitting key for a training job); null when none was (a message enqueued directly).</summary>
    public string? KeyId { get; init; }

    public required string Model { get; init; }

    /// <summary>Null when the call failed before a version was resolved.</summary>
    public int? Version { get; init; }

    /// <summary><see cref="UsageKinds.Sync"/> or <see cref="UsageKinds.Async"/>.</summary>
    public required string Kind { get; init; }

    /// <summary>Rows in the batch (the first dimension of the inputs); 0 for a failed call.</summary>
    public required long Items { get; init; }

    /// <summary>Model rows an explanation evaluated on top of the batch (<c>parameters.explain</c>), each billed as an item; null when none was asked.</summary>
    public long? Evaluations { get; init; }

    public required long ComputeMicros { get; init; }

    /// <summary>Energy the compute time drew, in nanowatt-hours (docs/energy.md); null on events written before it was measured.</summary>
    public long? EnergyNanoWattHours { get; init; }

    /// <summary>CO2e of that energy at the grid intensity configured, in nanograms; null on events written before it was measured.</summary>
    public long? Co2eNanograms { get; init; }

    /// <summary><see cref="UsageStatus.Succeeded"/> or <see cref="UsageStatus.Failed"/>.</summary>
    public required string Status { get; init; }

    /// <summary>The machine-readable reason of a failed call.</summary>
    public string? Error { get; init; }

    /// <summary>What the call costs; 0 for a failed call.</summary>
    public required long AmountMicros { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }
}
