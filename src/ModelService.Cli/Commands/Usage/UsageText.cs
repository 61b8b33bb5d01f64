using System.Globalization;
using ModelService.Core.Billing;

namespace ModelService.Cli.Commands.Usage;

/// <summary>A usage report as a person reads it.</summary>
public static class UsageText
{
    public static void Write(TextWriter text, UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(report);
        text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Usage of {report.TenantId} from {report.From:yyyy-MM-dd} to {report.To:yyyy-MM-dd} (UTC days)"));
        text.WriteLine($"{(report.GroupBy == UsageGrouping.Model ? "model" : "day"),-32} {"calls",10} {"failed",8} {"items",12} {"amount",14} {"energy mWh",14} {"CO2e mg",14}");
        foreach (var row in report.Rows)
        {
            text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Group,-32} {row.Calls,10} {row.FailedCalls,8} {row.Items,12} {MicroUnits.Format(row.AmountMicros),14} {MicroUnits.Format(row.EnergyNanoWattHours),14} {MicroUnits.Format(row.Co2eNanograms),14}"));
        }

        text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"total",-32} {report.TotalCalls,10} {"",8} {"",12} {MicroUnits.Format(report.TotalAmountMicros),14} {MicroUnits.Format(report.TotalEnergyNanoWattHours),14} {MicroUnits.Format(report.TotalCo2eNanograms),14}"));
    }
}
