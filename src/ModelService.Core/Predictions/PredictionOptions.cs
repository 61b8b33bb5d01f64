using System.ComponentModel.DataAnnotations;

namespace ModelService.Core.Predictions;

public sealed class PredictionOptions
{
    public const string SectionName = "ModelService:Predictions";

    public const string QueueName = "inference-requests";

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string Table { get; set; } = "predictions";

    [Required]
    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$")]
    public string Container { get; set; } = "predictions";

    /// <summary>Requests up to this size travel inside the queue message (64 KiB with base64); larger ones go to a blob first.</summary>
    [Range(0, 45_000)]
    public int InlineRequestMaxBytes { get; set; } = 32 * 1024;

    /// <summary>Webhooks to loopback, private and link-local addresses and over http: only for local development.</summary>
    public bool AllowPrivateWebhookTargets { get; set; }

    [Range(1, 10)]
    public int WebhookAttempts { get; set; } = 4;

    /// <summary>First wait between webhook attempts; it doubles each time.</summary>
    [Range(0, 60)]
    public double WebhookRetrySeconds { get; set; } = 1;

    [Range(1, 60)]
    public int WebhookTimeoutSeconds { get; set; } = 10;
}
