using System.Diagnostics;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Errors;
using ModelService.Core.Training;
using ModelService.Trainer.Data;
using ModelService.Trainer.Fairness;

namespace ModelService.Trainer.Worker;

/// <summary>
/// Handles one queue message from start to end: claim the job, hold its lease, run the pipeline, and record
/// how it ended, then bill it. A failure the data or the request causes fails the job with its reason; anything
/// else (storage, the process) ends the attempt and the job is tried again until MaxAttempts. A final job never
/// moves back: billing it is a separate, repeatable step (see <see cref="TrainingBilling"/>).
/// </summary>
public sealed class TrainingJobRunner
{
    private readonly TrainingJobQueue _queue;
    private readonly TrainingJobStore _jobs;
    private readonly TrainingEventStore _events;
    private readonly JobClaimer _claimer;
    private readonly TrainingPipeline _pipeline;
    private readonly TrainingBilling _billing;
    private readonly TrainerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<TrainingJobRunner> _logger;

    public TrainingJobRunner(TrainingJobQueue queue, TrainingJobStore jobs, TrainingEventStore events, JobClaimer claimer, TrainingPipeline pipeline, TrainingBilling billing, IOptions<TrainerOptions> options, TimeProvider time, ILogger<TrainingJobRunner> logger)
    {
        _queue = queue;
        _jobs = jobs;
        _events = events;
        _claimer = claimer;
        _pipeline = pipeline;
        _billing = billing;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    public async Task RunAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (TrainingJobQueue.TryParse(message) is not { } pointer)
        {
            await MoveToPoisonAsync(message, cancellationToken);
            return;
        }

        var (action, job) = await _claimer.ClaimAsync(pointer, cancellationToken);
        _logger.LogInformation("Training job {JobId}: {Action} (status {Status}, attempt {Attempts})", pointer.JobId, action, job?.Status, job?.Attempts);
        switch (action)
        {
            case ClaimAction.Drop:
                await _queue.Client.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
                break;
            case ClaimAction.Settle:
                await SettleOrRetryAsync(job!, () => _queue.Client.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken), () => _queue.Client.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: RetryDelay, cancellationToken: cancellationToken), cancellationToken);
                break;
            case ClaimAction.Run:
                await RunClaimedAsync(message, job!, cancellationToken);
                break;
        }
    }

    private TimeSpan RetryDelay => TimeSpan.FromSeconds(_options.RetryDelaySeconds);

    private async Task RunClaimedAsync(QueueMessage message, TrainingJob job, CancellationToken cancellationToken)
    {
#pragma warning disable CA2000 // Disposed by the await using; the analyser does not follow it through the async state machine.
        await using var lease = new JobLease(_queue.Client, message, _jobs, job, _options, _time, _logger);
#pragma warning restore CA2000
        lease.Start();
        var clock = Stopwatch.StartNew();
        var workDirectory = Directory.CreateTempSubdirectory($"training-{job.Id}-").FullName;
        TrainingJob? finished;
        try
        {
            var progress = new JobProgress(_events, _jobs, job, lease, _time, TimeSpan.FromSeconds(_options.CancelCheckSeconds), await _events.LastSequenceAsync(job.Id, cancellationToken));
            await progress.StageAsync("started", $"attempt {job.Attempts} of {_options.MaxAttempts}", cancellationToken);
            var result = await _pipeline.RunAsync(job, progress, workDirectory, cancellationToken);
            finished = await FinishAsync(job, result.Cancelled ? TrainingJobStatus.Cancelled : TrainingJobStatus.Succeeded, result.Cancelled ? "Cancelled." : null, clock.Elapsed, result, cancellationToken);
        }
        catch (Exception exception) when (IsPermanent(exception))
        {
            finished = await FinishAsync(job, TrainingJobStatus.Failed, exception.Message, clock.Elapsed, null, cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            finished = await EndAttemptAsync(job, exception, clock.Elapsed, cancellationToken);
            if (finished is null)
            {
                await lease.ReleaseAsync(RetryDelay, cancellationToken);
                return;
            }
        }
        finally
        {
            TryDelete(workDirectory);
        }

        await SettleOrRetryAsync(finished, () => lease.CompleteAsync(cancellationToken), () => lease.ReleaseAsync(RetryDelay, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Transient failure: back to the queue for another attempt, or failed when this was its last. A job that is
    /// already final (its end was recorded, then something after it failed) is never moved back. Returns the
    /// final job, or null when it will be tried again.
    /// </summary>
    private async Task<TrainingJob?> EndAttemptAsync(TrainingJob job, Exception exception, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        // The tenant reads the reason: a stable sentence and an error id; the runtime's own text stays in the log.
        var errorId = Guid.NewGuid().ToString("N");
        _logger.LogWarning(exception, "Attempt {Attempt} of training job {JobId} failed; error id {ErrorId}", job.Attempts, job.Id, errorId);
        var reason = $"Attempt {job.Attempts} failed unexpectedly (error id {errorId}).";
        if (job.Attempts >= _options.MaxAttempts)
        {
            return await FinishAsync(job, TrainingJobStatus.Failed, $"Gave up after {job.Attempts} attempts. {reason}", elapsed, null, cancellationToken);
        }

        var now = _time.GetUtcNow();
        var current = await _jobs.ChangeAsync(job.TenantId, job.Id, j => j.Status.IsFinal() ? null : j with { Status = TrainingJobStatus.Queued, Reason = reason, LeaseExpiresAt = null, TrainingSeconds = j.TrainingSeconds + elapsed.TotalSeconds, UpdatedAt = now }, cancellationToken);
        return current is { Status: var status } && status.IsFinal() ? current : null;
    }

    /// <summary>Records the job's final status once: a job that is final already keeps the status it has.</summary>
    private async Task<TrainingJob?> FinishAsync(TrainingJob job, TrainingJobStatus status, string? reason, TimeSpan elapsed, PipelineResult? result, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var finished = await _jobs.ChangeAsync(job.TenantId, job.Id, j => j.Status.IsFinal() ? null : j with
        {
            Status = status,
            Reason = reason,
            LeaseExpiresAt = null,
            ResultVersion = result?.Version,
            Metrics = result?.Metrics ?? j.Metrics,
            Device = result?.Device ?? j.Device,
            TrainingSeconds = Math.Round(j.TrainingSeconds + elapsed.TotalSeconds, 3),
            FinishedAt = now,
            UpdatedAt = now,
        }, cancellationToken);
        _logger.LogInformation("Training job {JobId} {Status} after {Seconds:F1} s", job.Id, (finished?.Status ?? status).ToWireName(), elapsed.TotalSeconds);
        return finished;
    }

    /// <summary>
    /// Bills a final job (once: the event is made from the final record and keyed by the job) and marks it billed,
    /// then lets its message go. When the event cannot be sent, the message comes back after the retry delay and
    /// the next trainer bills it; the job itself stays final, so nothing is trained or published again.
    /// </summary>
    private async Task SettleOrRetryAsync(TrainingJob? job, Func<Task> done, Func<Task> retry, CancellationToken cancellationToken)
    {
        try
        {
            if (job is { BilledAt: null } && job.Status.IsFinal())
            {
                await _billing.BillAsync(job, cancellationToken);
                var now = _time.GetUtcNow();
                await _jobs.ChangeAsync(job.TenantId, job.Id, j => j.BilledAt is null ? j with { BilledAt = now } : null, cancellationToken);
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning(exception, "Training job {JobId} is {Status} but its usage event was not recorded; its message returns to bill it", job!.Id, job.Status.ToWireName());
            await retry();
            return;
        }

        await done();
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        _logger.LogWarning("Message {MessageId} on the training queue is not a job pointer; moved to the poison queue", message.MessageId);
        // Never expires (TTL -1): a poison message waits for an operator, it does not vanish after the default 7 days.
        await _queue.PoisonClient.SendMessageAsync(message.Body, visibilityTimeout: null, timeToLive: TimeSpan.FromSeconds(-1), cancellationToken: cancellationToken);
        await _queue.Client.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }

    /// <summary>Failures that another attempt would repeat: bad data, a refused or foreign model name, an over-size dataset.</summary>
    private static bool IsPermanent(Exception exception) => exception switch
    {
        DatasetException => true,
        FairnessGateException => true,
        ModelServiceException { Code: ErrorCode.InvalidRequest or ErrorCode.InvalidModelReference or ErrorCode.InvalidModel or ErrorCode.NotFound or ErrorCode.ModelNotFound or ErrorCode.PayloadTooLarge or ErrorCode.Conflict } => true,
        _ => false,
    };


    private void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException exception)
        {
            _logger.LogWarning(exception, "Could not delete {Directory}", directory);
        }
    }
}
