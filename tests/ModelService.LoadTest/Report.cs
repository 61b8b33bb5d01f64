using System.Globalization;
using System.Text;

namespace ModelService.LoadTest;

/// <summary>The results as a markdown table: per model and client count, HTTP next to in-process and the difference.</summary>
internal static class Report
{
    public static string Markdown(IReadOnlyList<LoadResult> results)
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
                    $"| {result.Model} | {result.Clients} | {result.Path} | {result.Requests} | {result.Failures} | {result.Throughput:F0} | {F(result.P50)} | {F(result.P99)} | {overhead} |");
            }
        }

        return text.ToString();
    }

    private static string F(double value) => value.ToString("F3", CultureInfo.InvariantCulture);
}
