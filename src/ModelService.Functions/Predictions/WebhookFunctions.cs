using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;
using ModelService.Core.Predictions;
using ModelService.Core.Webhooks;

namespace ModelService.Functions.Predictions;

/// <summary>
/// Webhook notifications, off the prediction queue: one attempt per message; a retry is a later message the
/// deliverer queues itself, so a hanging receiver holds one delivery for the client's short timeout and nothing else.
/// </summary>
public sealed class WebhookFunctions
{
    private readonly WebhookDeliverer _deliverer;
    private readonly ILogger<WebhookFunctions> _logger;

    public WebhookFunctions(WebhookDeliverer deliverer, ILogger<WebhookFunctions> logger)
    {
        _deliverer = deliverer;
        _logger = logger;
    }

    [Function("DeliverWebhook")]
    public async Task Deliver([QueueTrigger(WebhookDeliveryQueue.QueueName)] string message, CancellationToken cancellationToken)
    {
        var delivery = WebhookDeliveryJson.Parse(message);
        var status = await _deliverer.DeliverAsync(delivery, cancellationToken);
        _logger.LogInformation("Webhook {MessageId} attempt {Attempt}: {Status}", delivery.MessageId, delivery.Attempt, status ?? "dropped");
    }

    /// <summary>A delivery that failed the host's dequeue count is ended and logged, never retried again; one that names nothing is only logged.</summary>
    [Function("FailPoisonedWebhook")]
    public async Task FailPoisoned([QueueTrigger(WebhookDeliveryQueue.QueueName + "-poison")] string message, CancellationToken cancellationToken)
    {
        WebhookDelivery delivery;
        try
        {
            delivery = WebhookDeliveryJson.Parse(message);
        }
        catch (InvalidDataException)
        {
            _logger.LogWarning("A poisoned webhook delivery names no prediction ({Length} characters); dropped", message.Length);
            return;
        }

        await _deliverer.GiveUpAsync(delivery, cancellationToken);
    }
}
