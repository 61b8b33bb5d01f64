using System.Globalization;
using System.Text;

namespace ModelService.LoadTest;

/// <summary>
/// The results as markdown: per model and client count every path measured, then the goals' ratios (billing on
/// over billing off, service over the bare floor server, storage requests per billed call) and the billing check.
/// </summary>
internal static class Report
{
    public static string Markdown(IReadOnlyList<LoadResult> results, LoadResult? killPhase, ExactnessResult? exactness)
    {
        var text = new StringBuilder();
        text.AppendLine("| model | clients | path | requests | failures | throughput (req/s) | p50 (ms) | p99 (ms) | HTTP p50 over in-process (ms) |");
        text.AppendLine("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var group in results.GroupBy(r => (r.Model, r.Clients)))
        {
            var inProcess = group.FirstOrDefault(r => r.Path == "in-process");
            foreach (var result in group)
            {
                var overhead = result.Path == "http" && inProcess is not null ? F(result.P50 - inProcess.P50) : string.Empty;
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {result.Model} | {result.Clients} | {Name(result.Path)} | {result.Requests} | {result.Failures} | {result.Throughput:F0} | {F(result.P50)} | {F(result.P99)} | {overhead} |");
            }
        }

        AppendGoals(text, results);
        AppendBilling(text, killPhase, exactness);
        return text.ToString();
    }

    private static void AppendGoals(StringBuilder text, IReadOnlyList<LoadResult> results)
    {
        text.AppendLine();
        text.AppendLine("| model | clients | billing on / off (goal ≥ 0.9) | service / floor (goal ≥ 0.5 at 8) | storage requests per billed call (goal ≤ 0.1 at 32) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var group in results.GroupBy(r => (r.Model, r.Clients)))
        {
            var on = group.FirstOrDefault(r => r.Path == "http");
            if (on is null)
            {
                continue;
            }

            var off = group.FirstOrDefault(r => r.Path == "billing-off");
            var floor = group.FirstOrDefault(r => r.Path == "floor");
            var perCall = on.StorageRequests is { } requests && on.Answered > 0 ? F((double)requests / on.Answered) : "–";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {on.Model} | {on.Clients} | {Ratio(on, off)} | {Ratio(on, floor)} | {perCall} |");
        }
    }

    private static void AppendBilling(StringBuilder text, LoadResult? killPhase, ExactnessResult? exactness)
    {
        if (killPhase is not null)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Worker killed mid-run ({KillPhase.Clients} clients, {killPhase.Elapsed.TotalSeconds:F1} s): {killPhase.Answered} answered, {killPhase.Failures} failed while it restarted.");
        }

        if (exactness is not null)
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture,
                $"Billing check: {exactness.Answered} answered calls; the ledger bills {exactness.BilledCalls} succeeded calls for {exactness.BilledMicros} µ-units " +
                $"(= {exactness.BilledCalls} × {exactness.PerCallMicros}: {exactness.BilledMicros == exactness.BilledCalls * exactness.PerCallMicros}); " +
                $"{exactness.Unanswered} billed without an answer (in flight at the kill); {exactness.Lost} answered and not billed (allowed: {exactness.LossBound}); " +
                $"{exactness.Redelivered} events redelivered twice changed nothing: {exactness.RedeliveryChangedNothing}. " +
                $"**{(exactness.Exact ? "exact" : "NOT exact")}**.");
        }
    }

    private static string Name(string path) => path == "http" ? "http (billing on)" : path;

    private static string Ratio(LoadResult on, LoadResult? other) =>
        other is null || other.Throughput <= 0 ? "–" : F(on.Throughput / other.Throughput);

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
