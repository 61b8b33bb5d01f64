namespace ModelService.Core.Billing;

/// <summary>A tenant's usage over whole UTC days, grouped by model or by day.</summary>
public sealed record UsageReport(string TenantId, DateOnly From, DateOnly To, UsageGrouping GroupBy, IReadOnlyList<UsageReportRow> Rows)
{
    public long TotalCalls => Rows.Sum(r => r.Calls);

    public long TotalAmountMicros => Rows.Sum(r => r.AmountMicros);

    public long TotalEnergyNanoWattHours => Rows.Sum(r => r.EnergyNanoWattHours);

    public long TotalCo2eNanograms => Rows.Sum(r => r.Co2eNanograms);
}
