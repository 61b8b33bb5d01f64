using System.Globalization;
using Microsoft.AspNetCore.Http;
using ModelService.Core.Billing;
using ModelService.Core.Errors;

namespace ModelService.Functions.Usage;

/// <summary>The query string of <c>GET /api/usage</c>: defaults to this month so far, grouped by model, as JSON.</summary>
public sealed record UsageQuery(DateOnly From, DateOnly To, UsageGrouping GroupBy, bool Csv)
{
    public static UsageQuery Parse(IQueryCollection query, DateOnly today)
    {
        ArgumentNullException.ThrowIfNull(query);
        var from = ParseDay(query["from"], "from") ?? new DateOnly(today.Year, today.Month, 1);
        var to = ParseDay(query["to"], "to") ?? today;
        var groupBy = query["groupBy"].ToString() switch
        {
            "" or "model" => UsageGrouping.Model,
            "day" => UsageGrouping.Day,
            var other => throw Invalid($"groupBy must be 'model' or 'day', not '{other}'."),
        };
        var csv = query["format"].ToString() switch
        {
            "" or "json" => false,
            "csv" => true,
            var other => throw Invalid($"format must be 'json' or 'csv', not '{other}'."),
        };
        return new UsageQuery(from, to, groupBy, csv);
    }

    private static DateOnly? ParseDay(string? text, string name)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw Invalid($"'{name}' must be a date like 2026-11-01.");
    }

    private static ModelServiceException Invalid(string message) => new(ErrorCode.InvalidRequest, message);
}
