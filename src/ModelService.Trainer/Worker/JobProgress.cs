using ModelService.Core.Training;
using ModelService.Trainer.Learning;

namespace ModelService.Trainer.Worker;

/// <summary>
/// Writes a job's progress events and answers "go on?" after each epoch: no once a cancel request is seen
/// (from the heartbeat, or from reading the record at most every CancelCheckSeconds).
/// </summary>
public sealed class JobProgress : IEpochObserver
{
    private readonly TrainingEventStore _events;
    private readonly TrainingJobStore _jobs;
    private readonly TrainingJob _job;
    private readonly JobLease _lease;
    private readonly TimeProvider _time;
    private readonly TimeSpan _cancelCheck;
    private int _sequence;
    private DateTimeOffset _lastCheck;

    public JobProgress(TrainingEventStore events, TrainingJobStore jobs, TrainingJob job, JobLease lease, TimeProvider time, TimeSpan cancelCheck, int lastSequence)
    {
        _events = events;
        _jobs = jobs;
        _job = job;
        _lease = lease;
        _time = time;
        _cancelCheck = cancelCheck;
        _sequence = lastSequence;
        _lastCheck = time.GetUtcNow();
    }

    public Task StageAsync(string kind, string message, CancellationToken cancellationToken) =>
        _events.AppendAsync(_job.Id, new TrainingEvent { Sequence = ++_sequence, At = _time.GetUtcNow(), Kind = kind, Message = message }, cancellationToken);

    public async Task<bool> OnEpochAsync(EpochReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        await _events.AppendAsync(_job.Id, new TrainingEvent
        {
            Sequence = ++_sequence,
            At = _time.GetUtcNow(),
            Kind = "epoch",
            Epoch = report.Epoch,
            Epochs = report.Epochs,
            TrainLoss = Round(report.TrainLoss),
            ValidationLoss = Round(report.ValidationLoss),
            MetricName = report.MetricName,
            MetricValue = Round(report.MetricValue),
        }, cancellationToken);
        return !await IsCancelRequestedAsync(cancellationToken);
    }

    private async Task<bool> IsCancelRequestedAsync(CancellationToken cancellationToken)
    {
        if (_lease.CancelRequested)
        {
            return true;
        }

        var now = _time.GetUtcNow();
        if (now - _lastCheck < _cancelCheck)
        {
            return false;
        }

        _lastCheck = now;
        var job = await _jobs.FindAsync(_job.TenantId, _job.Id, cancellationToken);
        return job is null or { CancelRequested: true };
    }

    // A diverged run reports NaN or infinity; tables take neither, and "no value" says the same.
    private static double? Round(double value) => double.IsFinite(value) ? Math.Round(value, 6) : null;
}
