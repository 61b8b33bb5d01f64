using System.Globalization;
using System.Text;

namespace ModelService.Core.Billing;

/// <summary>A usage report as CSV (RFC 4180): what finance tools import. Energy and CO2e come last, in nWh and ng and as mWh and mg.</summary>
public static class UsageCsv
{
    public static string Write(UsageReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(report.GroupBy == UsageGrouping.Model ? "model" : "day")
            .Append(",calls,failed_calls,items,compute_ms,amount_micros,amount,energy_nwh,energy_mwh,co2e_ng,co2e_mg\r\n");
        foreach (var row in report.Rows)
        {
            text.Append(Quote(row.Group)).Append(',')
                .Append(Invariant(row.Calls)).Append(',')
                .Append(Invariant(row.FailedCalls)).Append(',')
                .Append(Invariant(row.Items)).Append(',')
                .Append((row.ComputeMicros / 1000m).ToString("0.000", CultureInfo.InvariantCulture)).Append(',')
                .Append(Invariant(row.AmountMicros)).Append(',')
                .Append(MicroUnits.Format(row.AmountMicros)).Append(',')
                .Append(Invariant(row.EnergyNanoWattHours)).Append(',')
                .Append(MicroUnits.Format(row.EnergyNanoWattHours)).Append(',')
                .Append(Invariant(row.Co2eNanograms)).Append(',')
                .Append(MicroUnits.Format(row.Co2eNanograms)).Append("\r\n");
        }

        return text.ToString();
    }

    private static string Invariant(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
