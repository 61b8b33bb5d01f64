using Azure;
using Azure.Storage.Queues;
using ModelService.Core.Storage;

namespace ModelService.Core.Billing;

/// <summary>
/// Puts a usage event on <c>usage-events</c> from outside the function app (the trainer), in the encoding the
/// queue-triggered ledger reads. Functions send theirs through the queue output binding instead.
/// </summary>
public sealed class UsageQueueSender
{
    public const string QueueName = "usage-events";

    private readonly QueueClient _queue;
    private volatile bool _ready;

    public UsageQueueSender(StorageClientFactory storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _queue = storage.CreateQueueServiceClient().GetQueueClient(QueueName);
    }

    public async Task SendAsync(UsageEvent usage, CancellationToken cancellationToken)
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

        await _queue.SendMessageAsync(UsageEventJson.Serialize(usage), cancellationToken);
    }
}
