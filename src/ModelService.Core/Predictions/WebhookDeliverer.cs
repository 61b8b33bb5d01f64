using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Webhooks;

namespace ModelService.Core.Predictions;

/// <summary>
/// Works one message of <c>webhook-deliveries</c>: one signed attempt to the prediction's webhook; on failure the
/// next attempt goes back on the queue, invisible for the back-off (which doubles); after the last attempt the
/// delivery ends, recorded and logged. A prediction deleted meanwhile is not notified.
/// </summary>
public sealed class WebhookDeliverer
{
    private static readonly TimeSpan LongestBackOff = TimeSpan.FromHours(6);
    private readonly PredictionStore _store;
    private readonly WebhookSender _sender;
    private readonly WebhookDeliveryQueue _queue;
    private readonly PredictionOptions _options;
    private readonly ILogger<WebhookDeliverer> _logger;

    public WebhookDeliverer(PredictionStore store, WebhookSender sender, WebhookDeliveryQueue queue, IOptions<PredictionOptions> options, ILogger<WebhookDeliverer> logger)
    {
        _store = store;
        _sender = sender;
        _queue = queue;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Queues the first attempt of a prediction's notification (its record says "queued" already).</summary>
    public Task QueueAsync(PredictionRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var delivery = new WebhookDelivery
        {
            TenantId = record.TenantId,
            PredictionId = record.Id,
            MessageId = $"{record.Id}-{record.Status}",
            Body = PredictionView.NotificationJson(record with { WebhookStatus = null }),
        };
        return _queue.EnqueueAsync(delivery, TimeSpan.Zero, cancellationToken);
    }

    public async Task<string?> DeliverAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        var record = await _store.FindAsync(delivery.TenantId, delivery.PredictionId, cancellationToken);
        if (record?.WebhookUrl is null || record.WebhookSecret is null)
        {
            _logger.LogInformation("Webhook {MessageId} dropped: its prediction or webhook no longer exists", delivery.MessageId);
            return null;
        }

        var attempt = await _sender.SendAsync(new Uri(record.WebhookUrl), record.WebhookSecret, delivery.MessageId, delivery.Body, cancellationToken);
        string status;
        if (attempt.Delivered)
        {
            status = attempt.Outcome;
        }
        else if (delivery.Attempt < _options.WebhookAttempts)
        {
            var delay = BackOff(delivery.Attempt);
            status = $"retrying: attempt {delivery.Attempt} of {_options.WebhookAttempts} failed ({attempt.Outcome})";
            await _queue.EnqueueAsync(delivery with { Attempt = delivery.Attempt + 1 }, delay, cancellationToken);
            _logger.LogInformation("Webhook {MessageId} attempt {Attempt} failed: {Outcome}; next in {Delay}", delivery.MessageId, delivery.Attempt, attempt.Outcome, delay);
        }
        else
        {
            status = $"failed after {delivery.Attempt} attempts: {attempt.Outcome}";
            _logger.LogWarning("Webhook {MessageId} of {Tenant} given up: {Status}", delivery.MessageId, delivery.TenantId, status);
        }

        await _store.SaveAsync(record with { WebhookStatus = status }, cancellationToken);
        return status;
    }

    /// <summary>A delivery message that failed the host's dequeue count (storage trouble, not the receiver): ended, recorded.</summary>
    public async Task GiveUpAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        _logger.LogWarning("Webhook {MessageId} of {Tenant} poisoned at attempt {Attempt}; not retried", delivery.MessageId, delivery.TenantId, delivery.Attempt);
        if (await _store.FindAsync(delivery.TenantId, delivery.PredictionId, cancellationToken) is { } record)
        {
            await _store.SaveAsync(record with { WebhookStatus = $"failed: the delivery could not be processed (attempt {delivery.Attempt})" }, cancellationToken);
        }
    }

    internal TimeSpan BackOff(int attempt)
    {
        var seconds = _options.WebhookRetrySeconds * Math.Pow(2, attempt - 1);
        return seconds >= LongestBackOff.TotalSeconds ? LongestBackOff : TimeSpan.FromSeconds(seconds);
    }
}
