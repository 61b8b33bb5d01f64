using System.Globalization;
using System.Text;

namespace ModelService.Core.Billing;

/// <summary>
/// Where usage lives in its table. A call id always lands in the same bucket of its tenant, so a tenant's bucket
/// is one partition <c>{tenant}|b{bucket}</c> that holds both its call rows (<c>c|{callId}</c>, kept for ever:
/// the deduplication key) and its totals rows (<c>t|{yyyyMMdd}|{model}</c>). One entity-group transaction adds
/// call rows and updates their totals together, so the totals can never disagree with the ledger, and a call id
/// is counted once whenever it comes again. Reports add the buckets up.
/// </summary>
internal static class UsageKeys
{
    public const string LedgerPrefix = "c|";

    // '}' sorts right after '|', so [c|, c}) is exactly the ledger rows.
    public const string LedgerEnd = "c}";

    public const string TotalsPrefix = "t|";

    /// <summary>The partition of a tenant's bucket.</summary>
    public static string Partition(string tenantId, int bucket) =>
        $"{tenantId}|b{bucket.ToString("D2", CultureInfo.InvariantCulture)}";

    /// <summary>The first key of a tenant's partitions; tenant ids use [a-z0-9-], all below '|', so no other tenant's sorts inside.</summary>
    public static string TenantStart(string tenantId) => $"{tenantId}|";

    /// <summary>Just past a tenant's partitions ('}' follows '|').</summary>
    public static string TenantEnd(string tenantId) => $"{tenantId}}}";

    /// <summary>A stable hash (FNV-1a over UTF-8; string.GetHashCode differs per process), so every instance agrees.</summary>
    public static int Bucket(string callId, int buckets)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(callId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return (int)(hash % (uint)buckets);
    }

    public static DateOnly DayOf(DateTimeOffset time) => DateOnly.FromDateTime(time.UtcDateTime);

    public static string Ledger(string callId) => $"{LedgerPrefix}{callId}";

    public static string Totals(DateOnly day, string model) => $"{TotalsPrefix}{Day(day)}|{model}";

    /// <summary>The first totals key of a day: [TotalsFrom(from), TotalsFrom(to + 1)) is the days from..to.</summary>
    public static string TotalsFrom(DateOnly day) => $"{TotalsPrefix}{Day(day)}|";

    private static string Day(DateOnly day) => day.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
