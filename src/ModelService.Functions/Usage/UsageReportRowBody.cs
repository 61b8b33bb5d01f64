using ModelService.Core.Billing;

namespace ModelService.Functions.Usage;

public sealed record UsageReportRowBody(string Group, long Calls, long FailedCalls, long Items, double ComputeMs, long AmountMicros, string Amount)
{
    public static UsageReportRowBody From(UsageReportRow row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new UsageReportRowBody(row.Group, row.Calls, row.FailedCalls, row.Items, row.ComputeMicros / 1000.0, row.AmountMicros, MicroUnits.Format(row.AmountMicros));
    }
}
