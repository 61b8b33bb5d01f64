using System.ComponentModel.DataAnnotations;

namespace ModelService.Core.Billing;

public sealed class BillingOptions
{
    public const string SectionName = "ModelService:Billing";

    /// <summary>The usage table: the ledger (one row per call id, for ever) and the per-day totals, side by side per tenant and bucket.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string UsageTable { get; set; } = "usage";

    /// <summary>Price per call of versions published without a price.</summary>
    [Range(0, long.MaxValue)]
    public long DefaultPerCallMicros { get; set; }

    /// <summary>Price per batch item of versions published without a price.</summary>
    [Range(0, long.MaxValue)]
    public long DefaultPerItemMicros { get; set; }

    /// <summary>Price of one second of training (GPU or CPU, whichever the trainer ran on), billed per started second.</summary>
    [Range(0, long.MaxValue)]
    public long TrainingPerSecondMicros { get; set; }

    /// <summary>
    /// Ledger partitions per tenant: a call id always lands in bucket hash(callId) mod this, beside that bucket's
    /// totals. More buckets spread a busy tenant over more partitions (each takes ~2,000 entities/s); fewer mean
    /// fewer transactions per batch. Fixed for the life of a usage table: changing it moves call ids to other
    /// buckets, and a redelivered event would then be counted again.
    /// </summary>
    [Range(1, 64)]
    public int LedgerBuckets { get; set; } = 4;

    /// <summary>Attempts at committing one group of events when other consumers update the same totals rows concurrently.</summary>
    [Range(1, 100)]
    public int RecordAttempts { get; set; } = 20;

    /// <summary>
    /// What a response waits for; see <see cref="Billing.UsageDurability"/>. Asynchronous by default: group
    /// commit makes every answer wait for a queue put, which costs more than a warm call (docs/performance.md).
    /// </summary>
    public UsageDurability UsageDurability { get; set; } = UsageDurability.Asynchronous;

    /// <summary>
    /// <see cref="UsageDurability.Asynchronous"/>: how long the first event of a batch waits for others (less once a
    /// full message waits). Longer windows mean fuller messages at low rates: fewer storage operations per call.
    /// </summary>
    [Range(1, 1000)]
    public int UsageFlushIntervalMilliseconds { get; set; } = 100;

    /// <summary>Events per queue message at most (a message also stays under the queue's 64 KiB).</summary>
    [Range(1, 1000)]
    public int UsageMaxBatchEvents { get; set; } = 200;

    /// <summary>Attempts at writing one usage message (and then at parking it) before the next fallback.</summary>
    [Range(1, 20)]
    public int UsageWriteAttempts { get; set; } = 5;

    /// <summary>The usage queue. The function app's ledger trigger listens on <c>usage-events</c>: change it only for tests.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string UsageQueue { get; set; } = "usage-events";

    /// <summary>The blob container where usage that could not be queued, or that was poisoned, waits for <c>modelsvc usage replay</c>.</summary>
    [Required]
    [RegularExpression("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")]
    public string UsageParkedContainer { get; set; } = "usage-parked";
}
