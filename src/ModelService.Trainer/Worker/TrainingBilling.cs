using Microsoft.Extensions.Options;
using ModelService.Core.Billing;
using ModelService.Core.Energy;
using ModelService.Core.Training;

namespace ModelService.Trainer.Worker;

/// <summary>
/// Bills a final job like a call: exactly one usage event per job, call id <c>train-{job id}</c>, made only from
/// the final record (status, seconds, finish time), so sending it again after a crash sends the same event and
/// the ledger counts it once. What each ending costs, at the per-second training price per started second:
/// <list type="bullet">
/// <item>succeeded: every second of every attempt;</item>
/// <item>cancelled: the seconds run until the cancel was honoured (0 when cancelled before it started);</item>
/// <item>failed (bad data, gave up after MaxAttempts, or a lease that expired on the last attempt): 0, recorded
/// as a failed call with the seconds in its compute time.</item>
/// </list>
/// Every ending carries the energy and CO2e of its compute time on the job's device (GPU or CPU watts), failed
/// ones too: the planet is not refunded.
/// </summary>
public sealed class TrainingBilling
{
    public const string CancelledError = "Cancelled";
    public const string FailedError = "TrainingFailed";

    private readonly UsageQueueSender _sender;
    private readonly long _perSecondMicros;
    private readonly EnergyModel _energy;

    public TrainingBilling(UsageQueueSender sender, IOptions<BillingOptions> options, EnergyModel energy)
    {
        _sender = sender;
        _energy = energy;
        _perSecondMicros = options.Value.TrainingPerSecondMicros;
    }

    public static string CallId(string jobId) => $"train-{jobId}";

    public Task BillAsync(TrainingJob job, CancellationToken cancellationToken) => _sender.SendAsync(EventOf(job), cancellationToken);

    public UsageEvent EventOf(TrainingJob job)
    {
        ArgumentNullException.ThrowIfNull(job);
        if (!job.Status.IsFinal())
        {
            throw new InvalidOperationException($"Training job {job.Id} is {job.Status.ToWireName()}; only a final job is billed.");
        }

        var billed = job.Status != TrainingJobStatus.Failed;
        var seconds = (long)Math.Ceiling(Math.Round(job.TrainingSeconds, 3));
        var computeMicros = (long)(job.TrainingSeconds * 1_000_000);
        var footprint = _energy.ForTraining(computeMicros, job.Device);
        return new UsageEvent
        {
            CallId = CallId(job.Id),
            TenantId = job.TenantId,
            KeyId = job.KeyId,
            Model = job.OutputModel,
            Version = job.ResultVersion,
            Kind = UsageKinds.Training,
            Items = billed ? seconds : 0,
            ComputeMicros = computeMicros,
            EnergyNanoWattHours = footprint.EnergyNanoWattHours,
            Co2eNanograms = footprint.Co2eNanograms,
            Status = billed ? UsageStatus.Succeeded : UsageStatus.Failed,
            Error = job.Status switch
            {
                TrainingJobStatus.Failed => FailedError,
                TrainingJobStatus.Cancelled => CancelledError,
                _ => null,
            },
            AmountMicros = billed ? checked(seconds * _perSecondMicros) : 0,
            OccurredAt = job.FinishedAt ?? job.UpdatedAt,
        };
    }
}
