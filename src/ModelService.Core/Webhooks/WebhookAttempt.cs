namespace ModelService.Core.Webhooks;

/// <summary>What one delivery attempt came to, in words for the prediction's record.</summary>
public sealed record WebhookAttempt(bool Delivered, string Outcome);
