using System.Globalization;
using ModelService.Core.Errors;

namespace ModelService.Core.Billing;

/// <summary>Builds usage reports from the totals (never from the ledger rows: a month is a handful of reads).</summary>
public sealed class UsageReporter
{
    /// <summary>The longest period one report covers; a bound on the rows one request can read.</summary>
    public const int MaxDays = 366;

    private readonly UsageLedger _ledger;

    public UsageReporter(UsageLedger ledger)
    {
        _ledger = ledger;
    }

    public async Task<UsageReport> BuildAsync(string tenantId, DateOnly from, DateOnly to, UsageGrouping groupBy, CancellationToken cancellationToken)
    {
        if (to < from || to.DayNumber - from.DayNumber >= MaxDays)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, $"'from' must not be after 'to', and a report covers at most {MaxDays} days.");
        }

        var totals = await _ledger.QueryTotalsAsync(tenantId, from, to, cancellationToken);
        var rows = totals
            .GroupBy(t => groupBy == UsageGrouping.Model ? t.Model : t.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new UsageReportRow(g.Key, g.Sum(t => t.Calls), g.Sum(t => t.FailedCalls), g.Sum(t => t.Items), g.Sum(t => t.ComputeMicros), g.Sum(t => t.AmountMicros), g.Sum(t => t.EnergyNanoWattHours), g.Sum(t => t.Co2eNanograms)))
            .ToList();
        return new UsageReport(tenantId, from, to, groupBy, rows);
    }
}
