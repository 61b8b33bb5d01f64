using System.Text.Json;

namespace ModelService.Core.Predictions;

/// <summary>
/// A message on <c>inference-requests</c> (schema: docs/schemas/inference-request.schema.json). Other services may
/// enqueue these directly: a v2 request inline, or in a blob of the predictions container when it is too large
/// for a queue message.
/// </summary>
public sealed record PredictionMessage
{
    public required string Id { get; init; }

    public required string TenantId { get; init; }

    public required string Model { get; init; }

    public string? Version { get; init; }

    /// <summary>The v2 inference request, inline.</summary>
    public JsonElement? Request { get; init; }

    /// <summary>Or: its blob name in the predictions container.</summary>
    public string? RequestBlob { get; init; }

    public string? WebhookUrl { get; init; }

    /// <summary>
    /// For services that enqueue directly: the <c>whsec_…</c> secret the webhook is signed with (required with a
    /// webhook). Requests submitted over HTTP get a secret made for them instead, and never travel with it.
    /// </summary>
    public string? WebhookSecret { get; init; }
}
