using System.Text.Json;
using ModelService.Core.Predictions;
using ModelService.Core.Tenancy;

namespace ModelService.Core.Webhooks;

public static class WebhookDeliveryJson
{
    public static string Serialize(WebhookDelivery delivery) => JsonSerializer.Serialize(delivery, WebhookJsonContext.Default.WebhookDelivery);

    /// <summary>Reads a delivery message; one that names no prediction of a valid tenant throws (and goes to poison).</summary>
    public static WebhookDelivery Parse(string text)
    {
        WebhookDelivery? delivery;
        try
        {
            delivery = JsonSerializer.Deserialize(text, WebhookJsonContext.Default.WebhookDelivery);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The message is not a webhook delivery (invalid at line {exception.LineNumber}, byte {exception.BytePositionInLine}).");
        }

        return delivery is not null && PredictionIds.IsValid(delivery.PredictionId) && TenantIds.IsValid(delivery.TenantId) && delivery.Attempt >= 1
            ? delivery
            : throw new InvalidDataException("The message has no valid predictionId, tenantId and attempt.");
    }
}
