using System.Text.Json.Serialization;

namespace ModelService.Core.Training;

/// <summary>
/// One training job as stored in the jobs table (partition = tenant, row = id) and returned by the API.
/// Changes go through <see cref="TrainingJobStore.ChangeAsync"/>, conditioned on <see cref="ETag"/>.
/// </summary>
public sealed record TrainingJob
{
    public required string Id { get; init; }

    public required string TenantId { get; init; }

    public required string Recipe { get; init; }

    public required string Dataset { get; init; }

    public required string Label { get; init; }

    public required string OutputModel { get; init; }

    public required IReadOnlyDictionary<string, string> Hyperparameters { get; init; }

    public required TrainingJobStatus Status { get; init; }

    /// <summary>Why the job failed or was cancelled; for a retried attempt, why the previous one ended.</summary>
    public string? Reason { get; init; }

    /// <summary>How many times a trainer has started the job; bounded by the trainer's MaxAttempts.</summary>
    public int Attempts { get; init; }

    public bool CancelRequested { get; init; }

    /// <summary>Last sign of life of the trainer running the job.</summary>
    public DateTimeOffset? HeartbeatAt { get; init; }

    /// <summary>A running job whose lease has expired was abandoned by a crashed trainer and may be taken over.</summary>
    public DateTimeOffset? LeaseExpiresAt { get; init; }

    public int? ResultVersion { get; init; }

    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    /// <summary>Seconds of trainer time (GPU or CPU) over all attempts: what billing charges for.</summary>
    public double TrainingSeconds { get; init; }

    /// <summary>The hardware the last attempt ran on, e.g. "cuda: NVIDIA H100" or "cpu (2 cores)".</summary>
    public string? Device { get; init; }

    /// <summary>When the job reached its final status; also its usage event's time, so a re-sent event is the same event.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>
    /// When the job's one usage event was sent. Null on a final job means it is still to be billed: the trainer
    /// that next sees its message sends the event (call id <c>train-{id}</c>, so a repeat counts once) and sets this.
    /// </summary>
    public DateTimeOffset? BilledAt { get; init; }

    /// <summary>The API key that submitted the job; its usage event carries it.</summary>
    public string? KeyId { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Columns the trainer reports per-group metrics for (fairness); empty when none.</summary>
    public IReadOnlyList<string> SensitiveColumns { get; init; } = [];

    /// <summary>Whether the sensitive columns are also features (they are not by default).</summary>
    public bool UseSensitiveAsFeatures { get; init; }

    /// <summary>The fairness gate: a classifier whose demographic-parity difference is above it is not published.</summary>
    public double? MaxParityGap { get; init; }

    [JsonIgnore]
    public string? ETag { get; init; }
}
