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
/// how it ended. A failure the data or the request causes fails the job with its reason; anything else
/// (storage, the process) ends the attempt and the job is tried again until MaxAttempts.
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
        if (action == ClaimAction.Drop)
        {
            await _queue.Client.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
        }
        else if (action == ClaimAction.Run)
        {
            await RunClaimedAsync(message, job!, cancellationToken);
        }
    }

    private async Task RunClaimedAsync(QueueMessage message, TrainingJob job, CancellationToken cancellationToken)
    {
        await using var lease = new JobLease(_queue.Client, message, _jobs, job, _options, _time, _logger);
        lease.Start();
        var clock = Stopwatch.StartNew();
        var workDirectory = Directory.CreateTempSubdirectory($"training-{job.Id}-").FullName;
        try
        {
            var progress = new JobProgress(_events, _jobs, job, lease, _time, TimeSpan.FromSeconds(_options.CancelCheckSeconds), await _events.LastSequenceAsync(job.Id, cancellationToken));
            await progress.StageAsync("started", $"attempt {job.Attempts} of {_options.MaxAttempts}", cancellationToken);
            var result = await _pipeline.RunAsync(job, progress, workDirectory, cancellationToken);
            await FinishAsync(job, result.Cancelled ? TrainingJobStatus.Cancelled : TrainingJobStatus.Succeeded, result.Cancelled ? "Cancelled." : null, clock.Elapsed, result, cancellationToken);
            await lease.CompleteAsync(cancellationToken);
        }
        catch (Exception exception) when (IsPermanent(exception))
        {
            await FinishAsync(job, TrainingJobStatus.Failed, exception.Message, clock.Elapsed, null, cancellationToken);
            await lease.CompleteAsync(cancellationToken);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            await EndAttemptAsync(job, lease, exception, clock.Elapsed, cancellationToken);
        }
        finally
        {
            TryDelete(workDirectory);
        }
    }

    /// <summary>Transient failure: retry later, or fail the job when this was its last attempt.</summary>
    private async Task EndAttemptAsync(TrainingJob job, JobLease lease, Exception exception, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        _logger.LogWarning(exception, "Attempt {Attempt} of training job {JobId} failed", job.Attempts, job.Id);
        var reason = $"Attempt {job.Attempts} failed: {exception.GetType().Name}: {FirstLine(exception.Message)}";
        if (job.Attempts >= _options.MaxAttempts)
        {
            await FinishAsync(job, TrainingJobStatus.Failed, $"Gave up after {job.Attempts} attempts. {reason}", elapsed, null, cancellationToken);
            await lease.CompleteAsync(cancellationToken);
            return;
        }

        var now = _time.GetUtcNow();
        await _jobs.ChangeAsync(job.TenantId, job.Id, j => j with { Status = TrainingJobStatus.Queued, Reason = reason, LeaseExpiresAt = null, TrainingSeconds = j.TrainingSeconds + elapsed.TotalSeconds, UpdatedAt = now }, cancellationToken);
        await lease.ReleaseAsync(TimeSpan.FromSeconds(_options.RetryDelaySeconds), cancellationToken);
    }

    private async Task FinishAsync(TrainingJob job, TrainingJobStatus status, string? reason, TimeSpan elapsed, PipelineResult? result, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var finished = await _jobs.ChangeAsync(job.TenantId, job.Id, j => j with
        {
            Status = status,
            Reason = reason,
            LeaseExpiresAt = null,
            ResultVersion = result?.Version,
            Metrics = result?.Metrics ?? j.Metrics,
            Device = result?.Device ?? j.Device,
            TrainingSeconds = Math.Round(j.TrainingSeconds + elapsed.TotalSeconds, 3),
            UpdatedAt = now,
        }, cancellationToken);
        await _billing.BillAsync(finished ?? job, status, result?.Version, cancellationToken);
        _logger.LogInformation("Training job {JobId} {Status} after {Seconds:F1} s", job.Id, status.ToWireName(), elapsed.TotalSeconds);
    }

    private async Task MoveToPoisonAsync(QueueMessage message, CancellationToken cancellationToken)
    {
        _logger.LogWarning("Message {MessageId} on the training queue is not a job pointer; moved to the poison queue", message.MessageId);
        await _queue.PoisonClient.SendMessageAsync(message.Body, cancellationToken: cancellationToken);
        await _queue.Client.DeleteMessageAsync(message.MessageId, message.PopReceipt, cancellationToken);
    }

    /// <summary>Failures that another attempt would repeat: bad data, a refused model name, an over-size dataset.</summary>
    private static bool IsPermanent(Exception exception) => exception switch
    {
        DatasetException => true,
        FairnessGateException => true,
        ModelServiceException { Code: ErrorCode.InvalidRequest or ErrorCode.InvalidModelReference or ErrorCode.InvalidModel or ErrorCode.NotFound or ErrorCode.PayloadTooLarge or ErrorCode.Conflict } => true,
        _ => false,
    };

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim() is var line && line.Length > 300 ? line[..300] : line;

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
