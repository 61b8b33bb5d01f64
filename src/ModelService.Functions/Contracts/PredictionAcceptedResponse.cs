namespace ModelService.Functions.Contracts;

/// <summary>
/// The 202 of <c>Prefer: respond-async</c>. <see cref="WebhookSecret"/> is shown once, to the caller who asked for
/// a webhook: it verifies the notifications' signatures; absent otherwise.
/// </summary>
public sealed record PredictionAcceptedResponse(string Id, PredictionState Status, string? WebhookSecret);
