namespace ModelService.Core.Billing;

/// <summary>What one tenant spent on one model on one UTC day.</summary>
public sealed record UsageTotals(DateOnly Day, string Model, long Calls, long FailedCalls, long Items, long ComputeMicros, long AmountMicros)
{
    public UsageTotals Add(UsageTotals other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return this with
        {
            Calls = Calls + other.Calls,
            FailedCalls = FailedCalls + other.FailedCalls,
            Items = Items + other.Items,
            ComputeMicros = ComputeMicros + other.ComputeMicros,
            AmountMicros = AmountMicros + other.AmountMicros,
        };
    }

    public static UsageTotals Of(UsageEvent usage)
    {
        ArgumentNullException.ThrowIfNull(usage);
        return new UsageTotals(
            UsageKeys.DayOf(usage.OccurredAt),
            usage.Model,
            1,
            usage.Status == UsageStatus.Succeeded ? 0 : 1,
            usage.Items,
            usage.ComputeMicros,
            usage.AmountMicros);
    }
}
