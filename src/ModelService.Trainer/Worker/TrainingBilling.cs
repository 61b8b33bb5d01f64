using Microsoft.Extensions.Options;
using ModelService.Core.Billing;
using ModelService.Core.Training;

namespace ModelService.Trainer.Worker;

/// <summary>
/// Bills a finished job like a call: one usage event, keyed by the job so a repeated finish bills once, at the
/// per-second training price for every started second; a failed job is recorded at 0.
/// </summary>
public sealed class TrainingBilling
{
    private readonly UsageQueueSender _sender;
    private readonly long _perSecondMicros;
    private readonly TimeProvider _time;

    public TrainingBilling(UsageQueueSender sender, IOptions<BillingOptions> options, TimeProvider time)
    {
        _sender = sender;
        _perSecondMicros = options.Value.TrainingPerSecondMicros;
        _time = time;
    }

    public Task BillAsync(TrainingJob job, TrainingJobStatus status, int? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var billed = status != TrainingJobStatus.Failed;
        var seconds = (long)Math.Ceiling(job.TrainingSeconds);
        return _sender.SendAsync(
            new UsageEvent
            {
                CallId = $"train-{job.Id}",
                TenantId = job.TenantId,
                Model = job.OutputModel,
                Version = version,
                Kind = UsageKinds.Training,
                Items = billed ? seconds : 0,
                ComputeMicros = (long)(job.TrainingSeconds * 1_000_000),
                Status = billed ? UsageStatus.Succeeded : UsageStatus.Failed,
                Error = billed ? null : "TrainingFailed",
                AmountMicros = billed ? checked(seconds * _perSecondMicros) : 0,
                OccurredAt = _time.GetUtcNow(),
            },
            cancellationToken);
    }
}
