using System.ComponentModel.DataAnnotations;

namespace ModelService.Trainer;

/// <summary>How the trainer takes, holds and gives up jobs. Section ModelService:Trainer.</summary>
public sealed class TrainerOptions : IValidatableObject
{
    public const string SectionName = "ModelService:Trainer";

    /// <summary>
    /// How long a message stays invisible and a running job counts as owned without a heartbeat. A trainer that
    /// crashes loses the job to the next one after at most this long.
    /// </summary>
    [Range(2, 3600)]
    public int LeaseSeconds { get; set; } = 120;

    /// <summary>How often the lease (message visibility and the record's heartbeat) is renewed; well under LeaseSeconds.</summary>
    [Range(1, 1200)]
    public int HeartbeatSeconds { get; set; } = 30;

    /// <summary>Starts of one job, crashes included, before it is marked failed.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// How long an empty queue is polled before the trainer exits. 0: exit at once, the Container Apps Job way
    /// (KEDA starts a new execution per message); run-local.sh sets a long idle time instead.
    /// </summary>
    [Range(0, 7 * 86400)]
    public int IdleExitSeconds { get; set; }

    [Range(0.05, 60)]
    public double PollSeconds { get; set; } = 2;

    /// <summary>
    /// auto (CUDA when present, else libtorch on the CPU, else the managed CPU backend), cpu (libtorch, falling
    /// back to managed), cuda (fails without a GPU), or managed (plain .NET, no libtorch).
    /// </summary>
    [RegularExpression("^(auto|cpu|cuda|managed)$")]
    public string Device { get; set; } = "auto";

    /// <summary>How often, at most, the record is read between epochs to see a cancel request.</summary>
    [Range(0, 600)]
    public double CancelCheckSeconds { get; set; } = 2;

    /// <summary>Delay before a job whose attempt failed on something transient (storage, say) is tried again.</summary>
    [Range(0, 3600)]
    public int RetryDelaySeconds { get; set; } = 10;

    /// <summary>Largest dataset the trainer downloads; bigger ones fail the job with a reason.</summary>
    [Range(1, 1L << 40)]
    public long MaxDatasetBytes { get; set; } = 1L << 30;

    /// <summary>Scratch space for datasets and exported models; empty means the system temp folder.</summary>
    public string? WorkDirectory { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HeartbeatSeconds >= LeaseSeconds)
        {
            yield return new ValidationResult("HeartbeatSeconds must be less than LeaseSeconds.", [nameof(HeartbeatSeconds), nameof(LeaseSeconds)]);
        }
    }
}
