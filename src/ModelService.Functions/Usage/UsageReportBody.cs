using System.Globalization;
using ModelService.Core.Billing;

namespace ModelService.Functions.Usage;

/// <summary>The JSON shape of a usage report: amounts in integer micro-units and as decimal text, energy (mWh) and CO2e (mg) likewise from nano-units, never rounded.</summary>
public sealed record UsageReportBody(string Tenant, string FromDay, string ToDay, string GroupBy, IReadOnlyList<UsageReportRowBody> Rows, long TotalCalls, long TotalAmountMicros, string TotalAmount, long TotalEnergyNanoWattHours, string TotalEnergyMwh, long TotalCo2eNanograms, string TotalCo2eMg)
{
    public static UsageReportBody Of(UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new UsageReportBody(
            report.TenantId,
            Day(report.From),
            Day(report.To),
            report.GroupBy == UsageGrouping.Model ? "model" : "day",
            [.. report.Rows.Select(UsageReportRowBody.From)],
            report.TotalCalls,
            report.TotalAmountMicros,
            MicroUnits.Format(report.TotalAmountMicros),
            report.TotalEnergyNanoWattHours,
            MicroUnits.Format(report.TotalEnergyNanoWattHours),
            report.TotalCo2eNanograms,
            MicroUnits.Format(report.TotalCo2eNanograms));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
