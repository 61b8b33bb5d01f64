using System.Globalization;

namespace ModelService.Core.Billing;

/// <summary>Integer micro-units shown as currency units without rounding: 1500 → 0.0015.</summary>
public static class MicroUnits
{
    public static string Format(long micros) =>
        (micros / 1_000_000m).ToString("0.######", CultureInfo.InvariantCulture);
}
