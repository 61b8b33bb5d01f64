namespace ModelService.Core.Billing;

/// <summary>What one tenant spent on one model on one UTC day; energy and CO2e in nano-units, 0 for events written before they were measured.</summary>
public sealed record UsageTotals(DateOnly Day, string Model, long Calls, long FailedCalls, long Items, long ComputeMicros, long AmountMicros, long EnergyNanoWattHours = 0, long Co2eNanograms = 0)
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
            EnergyNanoWattHours = checked(EnergyNanoWattHours + other.EnergyNanoWattHours),
            Co2eNanograms = checked(Co2eNanograms + other.Co2eNanograms),
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
            usage.AmountMicros,
            usage.EnergyNanoWattHours ?? 0,
            usage.Co2eNanograms ?? 0);
    }
}
