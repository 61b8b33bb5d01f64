using System.ComponentModel.DataAnnotations;

namespace ModelService.Core.Billing;

public sealed class BillingOptions
{
    public const string SectionName = "ModelService:Billing";

    /// <summary>The usage table: the ledger (one row per call) and the per-day totals, side by side per tenant and day.</summary>
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
    /// Totals rows per tenant, model and day. Every event updates one of them under an ETag, so more shards mean
    /// fewer conflicts when many events of one model arrive at once; reports add the shards up.
    /// </summary>
    [Range(1, 64)]
    public int TotalsShards { get; set; } = 16;

    /// <summary>Attempts at recording one event when other events update the same totals row concurrently.</summary>
    [Range(1, 100)]
    public int RecordAttempts { get; set; } = 20;
}
