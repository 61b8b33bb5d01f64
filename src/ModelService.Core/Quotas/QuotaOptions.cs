using System.ComponentModel.DataAnnotations;

namespace ModelService.Core.Quotas;

public sealed class QuotaOptions
{
    public const string SectionName = "ModelService:Quotas";

    /// <summary>
    /// Requests per second per tenant for tenants without their own limit; 0 means no limit. The bucket lives in
    /// each instance's memory, so a tenant spread over N instances may reach N times this rate.
    /// </summary>
    [Range(0, 1_000_000)]
    public double DefaultRequestsPerSecond { get; set; } = 50;

    /// <summary>How many seconds of the rate a tenant may spend at once after being idle (the bucket's size).</summary>
    [Range(0.1, 3600)]
    public double BurstSeconds { get; set; } = 2;

    /// <summary>
    /// Reads (metadata, polling, reports, lists) spend a bucket of their own at this multiple of the tenant's rate, so
    /// polling never eats the budget of calls that cost; 0 means reads are not limited.
    /// </summary>
    [Range(0, 1000)]
    public double ReadRateMultiplier { get; set; } = 5;

    /// <summary>Monthly spend cap in micro-units for tenants without their own; unset means no cap.</summary>
    [Range(0, long.MaxValue)]
    public long? DefaultMonthlySpendCapMicros { get; set; }

    /// <summary>
    /// How long a tenant's month-to-date spend is reused before the totals are read again. Usage is aggregated
    /// from a queue, so the cap stops calls a little after it is reached: by this time plus the queue's delay.
    /// </summary>
    [Range(0, 3600)]
    public int SpendCacheSeconds { get; set; } = 10;
}
