using ModelService.Core.Training;

namespace ModelService.Functions.Contracts;

/// <summary>A training job as <c>/api/training-jobs…</c> return it; mapped from Core's record, which is what the table stores.</summary>
public sealed record TrainingJobResponse(
    string Id,
    string TenantId,
    string Recipe,
    string Dataset,
    string Label,
    string OutputModel,
    IReadOnlyDictionary<string, string> Hyperparameters,
    TrainingJobState Status,
    string? Reason,
    int Attempts,
    bool CancelRequested,
    DateTimeOffset? HeartbeatAt,
    DateTimeOffset? LeaseExpiresAt,
    int? ResultVersion,
    IReadOnlyDictionary<string, double>? Metrics,
    double TrainingSeconds,
    string? Device,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>When the job reached its final status (the time its usage event carries); null until then.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>When its usage event was sent; null until billed.</summary>
    public DateTimeOffset? BilledAt { get; init; }

    public IReadOnlyList<string> SensitiveColumns { get; init; } = [];

    public bool UseSensitiveAsFeatures { get; init; }

    public double? MaxParityGap { get; init; }

    public static TrainingJobResponse From(TrainingJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return new TrainingJobResponse(
            job.Id,
            job.TenantId,
            job.Recipe,
            job.Dataset,
            job.Label,
            job.OutputModel,
            job.Hyperparameters,
            State(job.Status),
            job.Reason,
            job.Attempts,
            job.CancelRequested,
            job.HeartbeatAt,
            job.LeaseExpiresAt,
            job.ResultVersion,
            job.Metrics,
            job.TrainingSeconds,
            job.Device,
            job.CreatedAt,
            job.UpdatedAt)
        {
            FinishedAt = job.FinishedAt,
            BilledAt = job.BilledAt,
            SensitiveColumns = job.SensitiveColumns,
            UseSensitiveAsFeatures = job.UseSensitiveAsFeatures,
            MaxParityGap = job.MaxParityGap,
        };
    }

    private static TrainingJobState State(TrainingJobStatus status) => status switch
    {
        TrainingJobStatus.Queued => TrainingJobState.Queued,
        TrainingJobStatus.Running => TrainingJobState.Running,
        TrainingJobStatus.Succeeded => TrainingJobState.Succeeded,
        TrainingJobStatus.Failed => TrainingJobState.Failed,
        TrainingJobStatus.Cancelled => TrainingJobState.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a training job status."),
    };
}
