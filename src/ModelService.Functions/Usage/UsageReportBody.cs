using System.Globalization;
using ModelService.Core.Billing;

namespace ModelService.Functions.Usage;

/// <summary>The JSON shape of a usage report: amounts in integer micro-units and as decimal text, never rounded.</summary>
public sealed record UsageReportBody(string Tenant, string FromDay, string ToDay, string GroupBy, IReadOnlyList<UsageReportRowBody> Rows, long TotalCalls, long TotalAmountMicros, string TotalAmount)
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
            MicroUnits.Format(report.TotalAmountMicros));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
