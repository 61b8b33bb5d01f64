using System.Globalization;

namespace ModelService.Core.Billing;

/// <summary>
/// Where usage lives in its table. A tenant's day is one partition holding both the ledger rows (<c>c|{callId}</c>)
/// and the totals rows (<c>t|{model}|{shard}</c>), so one entity-group transaction writes an event and its totals
/// together: the totals can never disagree with the ledger.
/// </summary>
internal static class UsageKeys
{
    public const string LedgerPrefix = "c|";

    // '}' sorts right after '|', so [c|, c}) is exactly the ledger rows.
    public const string LedgerEnd = "c}";

    public const string TotalsPrefix = "t|";

    // '}' sorts right after '|', so [t|, t}) is exactly the totals rows.
    public const string TotalsEnd = "t}";

    public static string Partition(string tenantId, DateOnly day) =>
        $"{tenantId}_{day.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    public static string Ledger(string callId) => $"{LedgerPrefix}{callId}";

    public static string Totals(string model, int shard) => $"{TotalsPrefix}{model}|{shard.ToString(CultureInfo.InvariantCulture)}";
}
