namespace ModelService.Core.Predictions;

/// <summary>
/// What is known of one asynchronous prediction. Holds no tensors: the request and the result are blobs. The
/// usage event of a finished prediction is kept so that a redelivered message can send it again (the ledger
/// counts it once) instead of losing it.
/// </summary>
public sealed record PredictionRecord
{
    public required string Id { get; init; }

    public required string TenantId { get; init; }

    public required string Model { get; init; }

    /// <summary>The version as asked for (number or alias); null for latest.</summary>
    public string? Version { get; init; }

    /// <summary>The API key that submitted the prediction (null for one enqueued directly); its usage event carries it.</summary>
    public string? KeyId { get; init; }

    public required string Status { get; init; }

    public string? Reason { get; init; }

    /// <summary>The version that ran, once known.</summary>
    public int? ResolvedVersion { get; init; }

    public int Attempts { get; init; }

    public string? WebhookUrl { get; init; }

    /// <summary>The key the webhook's signature is made with; shown once, to the caller who submitted.</summary>
    public string? WebhookSecret { get; init; }

    public string? WebhookStatus { get; init; }

    public string? UsageEventJson { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }
}
