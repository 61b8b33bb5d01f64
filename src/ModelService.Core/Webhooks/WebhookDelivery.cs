namespace ModelService.Core.Webhooks;

/// <summary>
/// One message on <c>webhook-deliveries</c>: which prediction's webhook, the notification to send (the same bytes
/// on every attempt, under one <c>webhook-id</c>), and the attempt this is. The URL and secret stay in the
/// prediction's record and are read when sending.
/// </summary>
public sealed record WebhookDelivery
{
    public required string TenantId { get; init; }

    public required string PredictionId { get; init; }

    public required string MessageId { get; init; }

    public required string Body { get; init; }

    public int Attempt { get; init; } = 1;
}
