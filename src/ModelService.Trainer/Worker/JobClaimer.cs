using Microsoft.Extensions.Options;
using ModelService.Core.Training;

namespace ModelService.Trainer.Worker;

/// <summary>
/// Takes a job for one attempt with an ETag-conditioned write. A job found running with an expired lease was
/// left by a trainer that died; it is taken over and the attempt counted, until MaxAttempts is spent and the job
/// is marked failed. So no job stays 'running' once its trainer is gone, and every job it ends here is billed
/// (<see cref="ClaimAction.Settle"/>) like one that ended in the pipeline.
/// </summary>
public sealed class JobClaimer
{
    private readonly TrainingJobStore _jobs;
    private readonly TrainerOptions _options;
    private readonly TimeProvider _time;

    public JobClaimer(TrainingJobStore jobs, IOptions<TrainerOptions> options, TimeProvider time)
    {
        _jobs = jobs;
        _options = options.Value;
        _time = time;
    }

    public async Task<(ClaimAction Action, TrainingJob? Job)> ClaimAsync(TrainingJobMessage pointer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        var action = ClaimAction.Drop;
        var job = await _jobs.ChangeAsync(pointer.TenantId, pointer.JobId, current =>
        {
            (action, var changed) = Decide(current, _time.GetUtcNow());
            return changed;
        }, cancellationToken);
        return job is null ? (ClaimAction.Drop, null) : (action, job);
    }

    private (ClaimAction, TrainingJob?) Decide(TrainingJob job, DateTimeOffset now)
    {
        if (job.Status.IsFinal())
        {
            // A final job never moves back; one that is not billed yet is billed now.
            return (job.BilledAt is null ? ClaimAction.Settle : ClaimAction.Drop, null);
        }

        if (job.Status == TrainingJobStatus.Running && job.LeaseExpiresAt > now)
        {
            return (ClaimAction.Skip, null);
        }

        var reason = job.Status == TrainingJobStatus.Running
            ? $"Attempt {job.Attempts} was interrupted: the trainer stopped without finishing (crash, eviction or timeout)."
            : job.Reason;
        if (job.CancelRequested)
        {
            return (ClaimAction.Settle, job with { Status = TrainingJobStatus.Cancelled, Reason = "Cancelled.", LeaseExpiresAt = null, FinishedAt = now, UpdatedAt = now });
        }

        if (job.Attempts >= _options.MaxAttempts)
        {
            return (ClaimAction.Settle, job with { Status = TrainingJobStatus.Failed, Reason = $"Gave up after {job.Attempts} attempts. {reason}".Trim(), LeaseExpiresAt = null, FinishedAt = now, UpdatedAt = now });
        }

        var lease = now.AddSeconds(_options.LeaseSeconds);
        return (ClaimAction.Run, job with { Status = TrainingJobStatus.Running, Attempts = job.Attempts + 1, Reason = reason, HeartbeatAt = now, LeaseExpiresAt = lease, UpdatedAt = now });
    }
}
