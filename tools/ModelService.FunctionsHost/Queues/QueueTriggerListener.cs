using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using ModelService.FunctionsHost.Bindings;
using ModelService.FunctionsHost.HostConfiguration;

namespace ModelService.FunctionsHost.Queues;

/// <summary>
/// Polls one queue for one function: batches of batchSize, the next batch once no more than newBatchThreshold
/// messages are still running, and a polling interval that doubles while the queue is empty, up to
/// maxPollingInterval.
/// </summary>
internal sealed class QueueTriggerListener
{
    private static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    // How long a dequeued message stays invisible while it runs; the real host uses ten minutes as well.
    private static readonly TimeSpan ProcessingVisibility = TimeSpan.FromMinutes(10);

    private readonly QueueClient _queue;
    private readonly QueueMessageProcessor _processor;
    private readonly QueueHostOptions _options;
    private readonly StorageClients _storage;
    private readonly ILogger _logger;

    public QueueTriggerListener(QueueClient queue, QueueMessageProcessor processor, QueueHostOptions options, StorageClients storage, ILogger logger)
    {
        _queue = queue;
        _processor = processor;
        _options = options;
        _storage = storage;
        _logger = logger;
    }

    /// <param name="stopping">Stops polling.</param>
    /// <param name="processing">Cuts off messages that are still running (after the shutdown grace period).</param>
    public async Task RunAsync(CancellationToken stopping, CancellationToken processing)
    {
        var running = new List<Task>();
        var delay = MinPollingInterval;
        try
        {
            await _storage.EnsureQueueAsync(_queue, stopping);
            while (!stopping.IsCancellationRequested)
            {
                while (running.Count > _options.EffectiveNewBatchThreshold)
                {
                    running.Remove(await Task.WhenAny(running));
                }

                running.RemoveAll(t => t.IsCompleted);
                var batch = await ReceiveAsync(stopping);
                if (batch.Length == 0)
                {
                    await Task.Delay(delay, stopping);
                    delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxPollingInterval.Ticks));
                    continue;
                }

                delay = MinPollingInterval;
                running.AddRange(batch.Select(message => Task.Run(() => _processor.ProcessAsync(message, processing), CancellationToken.None)));
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }

        // In-flight messages finish or release themselves; wait for them so that shutdown leaves nothing running.
        await Task.WhenAll(running);
    }

    private async Task<Azure.Storage.Queues.Models.QueueMessage[]> ReceiveAsync(CancellationToken stopping)
    {
        try
        {
            return (await _queue.ReceiveMessagesAsync(_options.BatchSize, ProcessingVisibility, stopping)).Value;
        }
        catch (RequestFailedException ex)
        {
            _logger.LogWarning("Queue {Queue}: polling failed: {Error}", _queue.Name, ex.ErrorCode ?? ex.Message);
            return [];
        }
    }
}
