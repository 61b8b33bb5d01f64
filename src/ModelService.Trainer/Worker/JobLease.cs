using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using ModelService.Core.Training;

namespace ModelService.Trainer.Worker;

/// <summary>
/// Holds a job while it trains: every heartbeat keeps the queue message invisible for another lease and stamps
/// the record's heartbeat and lease expiry, and notices a cancel request on the way. If the process dies the
/// renewals stop, the message reappears and the record's lease runs out, so another trainer takes over.
/// </summary>
public sealed class JobLease : IAsyncDisposable
{
    private readonly QueueClient _queue;
    private readonly string _messageId;
    private readonly TrainingJobStore _jobs;
    private readonly TrainingJob _job;
    private readonly TrainerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private string _popReceipt;
    private Task _loop = Task.CompletedTask;
    private volatile bool _cancelRequested;

    public JobLease(QueueClient queue, QueueMessage message, TrainingJobStore jobs, TrainingJob job, TrainerOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(message);
        _queue = queue;
        _messageId = message.MessageId;
        _popReceipt = message.PopReceipt;
        _jobs = jobs;
        _job = job;
        _options = options;
        _time = time;
        _logger = logger;
    }

    public bool CancelRequested => _cancelRequested;

    public void Start() => _loop = LoopAsync(_stop.Token);

    /// <summary>The job is finished: stop renewing and delete the message.</summary>
    public async Task CompleteAsync(CancellationToken cancellationToken)
    {
        await StopAsync();
        await _queue.DeleteMessageAsync(_messageId, _popReceipt, cancellationToken);
    }

    /// <summary>The attempt failed on something transient: let the message reappear after <paramref name="delay"/>.</summary>
    public async Task ReleaseAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        await StopAsync();
        await _queue.UpdateMessageAsync(_messageId, _popReceipt, visibilityTimeout: delay, cancellationToken: cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
        _gate.Dispose();
    }

    private async Task StopAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }

        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromSeconds(_options.HeartbeatSeconds), _time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (!stop.IsCancellationRequested)
            {
                await RenewAsync(stop);
            }
        }
    }

    private async Task RenewAsync(CancellationToken stop)
    {
        var lease = TimeSpan.FromSeconds(_options.LeaseSeconds);
        try
        {
            await _gate.WaitAsync(stop);
            try
            {
                var receipt = await _queue.UpdateMessageAsync(_messageId, _popReceipt, visibilityTimeout: lease, cancellationToken: stop);
                _popReceipt = receipt.Value.PopReceipt;
            }
            finally
            {
                _gate.Release();
            }

            var now = _time.GetUtcNow();
            var job = await _jobs.ChangeAsync(_job.TenantId, _job.Id, j => j.Status == TrainingJobStatus.Running ? j with { HeartbeatAt = now, LeaseExpiresAt = now + lease } : null, stop);
            _cancelRequested |= job?.CancelRequested ?? false;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // A missed heartbeat is not fatal: the lease has room for several. Persisting failures end in a takeover.
            _logger.LogWarning(exception, "Heartbeat of training job {JobId} failed", _job.Id);
        }
    }
}
