using Azure.Storage.Queues;
using ModelService.Core.Storage;

namespace ModelService.Core.Webhooks;

/// <summary>
/// The <c>webhook-deliveries</c> queue. A retry is a new message that stays invisible for the back-off, so no
/// worker holds a slot while a receiver is down.
/// </summary>
public sealed class WebhookDeliveryQueue
{
    public const string QueueName = "webhook-deliveries";

    private readonly QueueClient _queue;
    private volatile bool _ready;

    public WebhookDeliveryQueue(StorageClientFactory storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _queue = storage.CreateQueueServiceClient().GetQueueClient(QueueName);
    }

    public async Task EnqueueAsync(WebhookDelivery delivery, TimeSpan delay, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        if (!_ready)
        {
            await _queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _ready = true;
        }

        await _queue.SendMessageAsync(WebhookDeliveryJson.Serialize(delivery), visibilityTimeout: delay > TimeSpan.Zero ? delay : null, cancellationToken: cancellationToken);
    }
}
