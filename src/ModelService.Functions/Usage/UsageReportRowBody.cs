using ModelService.Core.Billing;

namespace ModelService.Functions.Usage;

/// <summary>One row of a usage report; energy and CO2e as integer nWh and ng, and as mWh and mg decimal text, never rounded.</summary>
public sealed record UsageReportRowBody(string Group, long Calls, long FailedCalls, long Items, double ComputeMs, long AmountMicros, string Amount, long EnergyNanoWattHours, string EnergyMwh, long Co2eNanograms, string Co2eMg)
{
    public static UsageReportRowBody From(UsageReportRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new UsageReportRowBody(
            row.Group,
            row.Calls,
            row.FailedCalls,
            row.Items,
            row.ComputeMicros / 1000.0,
            row.AmountMicros,
            MicroUnits.Format(row.AmountMicros),
            row.EnergyNanoWattHours,
            MicroUnits.Format(row.EnergyNanoWattHours),
            row.Co2eNanograms,
            MicroUnits.Format(row.Co2eNanograms));
    }
}
