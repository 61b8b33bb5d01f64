using Azure;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Resilience;
using ModelService.Core.Storage;
using Polly;

namespace ModelService.Core.Billing;

/// <summary>
/// Writes usage events to the usage queue as batch messages. A write that keeps failing is retried (Polly,
/// exponential and jittered), then parked as a blob; only when parking fails too does it throw, and the caller
/// keeps the events. Messages never expire on the queue (TTL -1): usage waits for a ledger that is down for days.
/// </summary>
public sealed partial class UsageBatchWriter
{
    /// <summary>A queue message that never expires.</summary>
    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    private readonly QueueClient _queue;
    private readonly UsageParking _parking;
    private readonly BillingOptions _options;
    private readonly ResiliencePipeline _retry;
    private readonly ILogger<UsageBatchWriter> _logger;
    private volatile bool _ready;

    public UsageBatchWriter(StorageClientFactory storage, UsageParking parking, IOptions<BillingOptions> options, TimeProvider time, ILogger<UsageBatchWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _options = options.Value;
        _queue = storage.CreateQueueServiceClient().GetQueueClient(_options.UsageQueue);
        _parking = parking;
        _logger = logger;
        _retry = RetryPipelines.TransientStorage(_options.UsageWriteAttempts, time);
    }

    public async Task<UsageWriteOutcome> WriteAsync(IReadOnlyList<UsageEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        var outcome = UsageWriteOutcome.Queued;
        foreach (var message in UsageBatchJson.Pack(events, _options.UsageMaxBatchEvents))
        {
            if (await WriteMessageAsync(message, cancellationToken) == UsageWriteOutcome.Parked)
            {
                outcome = UsageWriteOutcome.Parked;
            }
        }

        return outcome;
    }

    /// <summary>Sends one message as it is (a replayed one), retrying but never parking: the caller still holds it.</summary>
    public async Task SendAsync(string message, CancellationToken cancellationToken)
    {
        await _retry.ExecuteAsync(async token => await SendOnceAsync(message, token), cancellationToken);
    }

    private async Task<UsageWriteOutcome> WriteMessageAsync(string message, CancellationToken cancellationToken)
    {
        try
        {
            await SendAsync(message, cancellationToken);
            return UsageWriteOutcome.Queued;
        }
        catch (Exception exception) when (exception is RequestFailedException or IOException or HttpRequestException or OperationCanceledException
                                          && !cancellationToken.IsCancellationRequested)
        {
            var name = await _retry.ExecuteAsync(async token => await _parking.ParkAsync(message, "queue-write-failed", token), cancellationToken);
            LogParked(exception, name, message.Length);
            return UsageWriteOutcome.Parked;
        }
    }

    private async Task SendOnceAsync(string message, CancellationToken cancellationToken)
    {
        if (!_ready)
        {
            try
            {
                await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            }
            catch (RequestFailedException exception) when (exception.Status == 403)
            {
                // In Azure the queue is provisioned and the trainer may only send to it (Queue Data Message Sender).
            }

            _ready = true;
        }

        await _queue.SendMessageAsync(message, visibilityTimeout: null, timeToLive: NeverExpires, cancellationToken);
    }

    // An operator alerts on this event id: parked usage is not billed until it is replayed.
    [LoggerMessage(EventId = 7101, EventName = "UsageParked", Level = LogLevel.Warning,
        Message = "Usage batch could not be queued after retries; parked as {Blob} ({Characters} characters) for `modelsvc usage replay`")]
    private partial void LogParked(Exception exception, string blob, int characters);
}
