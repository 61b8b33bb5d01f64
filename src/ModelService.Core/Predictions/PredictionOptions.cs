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

    /// <summary>Attempts per webhook notification, each a message of webhook-deliveries; then it ends as failed.</summary>
    [Range(1, 10)]
    public int WebhookAttempts { get; set; } = 6;

    /// <summary>The back-off before the second attempt (the retry message's invisibility); it doubles each time, at most 6 hours.</summary>
    [Range(0, 3600)]
    public double WebhookRetrySeconds { get; set; } = 30;

    /// <summary>How long one attempt may take until the receiver's status line arrives; its body is never read.</summary>
    [Range(1, 30)]
    public int WebhookTimeoutSeconds { get; set; } = 5;

    /// <summary>Queued or running predictions a tenant may have at once; more are refused at submission (429). 0: no limit.</summary>
    [Range(0, 1_000_000)]
    public int MaxPendingPerTenant { get; set; } = 100;

    /// <summary>Days a prediction (record, request and result) is kept after it last changed; the retention sweep and the storage lifecycle policy delete it then.</summary>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 7;
}
