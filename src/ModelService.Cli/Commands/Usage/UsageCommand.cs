using System.CommandLine;
using System.Globalization;
using ModelService.Cli.Infrastructure;
using ModelService.Core.Billing;

namespace ModelService.Cli.Commands.Usage;

/// <summary><c>usage report --tenant T [--from D] [--to D] [--group-by model|day] [--csv]</c>, from the usage totals in storage; <c>usage replay</c>.</summary>
public static class UsageCommand
{
    private static readonly Option<string> Tenant = new("--tenant") { Description = "Tenant id.", Required = true };
    private static readonly Option<string?> From = new("--from") { Description = "First UTC day, e.g. 2026-11-01 (default: the first of this month)." };
    private static readonly Option<string?> To = new("--to") { Description = "Last UTC day, inclusive (default: today)." };
    private static readonly Option<string> GroupBy = new("--group-by") { Description = "model or day.", DefaultValueFactory = _ => "model" };
    private static readonly Option<bool> Csv = new("--csv") { Description = "Print CSV (for spreadsheets and finance tools)." };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var report = new Command("report", "A tenant's usage and spend, per model or per day.") { Tenant, From, To, GroupBy, Csv };
        CommandAction.Attach(report, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var from = ParseDay(parseResult.GetValue(From), "--from") ?? new DateOnly(today.Year, today.Month, 1);
            var to = ParseDay(parseResult.GetValue(To), "--to") ?? today;
            var grouping = parseResult.GetValue(GroupBy) switch
            {
                "model" => UsageGrouping.Model,
                "day" => UsageGrouping.Day,
                var other => throw CliException.BadInput($"--group-by must be 'model' or 'day', not '{other}'."),
            };
            using var services = StorageServices.Create(settings);
            var usage = await services.Usage().BuildAsync(parseResult.GetValue(Tenant)!, from, to, grouping, cancellationToken);
            if (parseResult.GetValue(Csv))
            {
                await cliOutput.Out.WriteAsync(UsageCsv.Write(usage));
                return ExitCodes.Success;
            }

            cliOutput.Write(usage, text => UsageText.Write(text, usage));
            return ExitCodes.Success;
        });
        return new Command("usage", "Usage and billing.") { report, CreateReplay(output, error) };
    }

    /// <summary><c>usage replay</c>: parked usage (queue writes that kept failing, poisoned messages) back onto the usage queue.</summary>
    private static Command CreateReplay(TextWriter output, TextWriter error)
    {
        var replay = new Command("replay", "Send parked usage back to the ledger (safe to repeat: a call id is billed once).");
        CommandAction.Attach(replay, output, error, async (_, settings, cliOutput, cancellationToken) =>
        {
            using var services = StorageServices.Create(settings);
            var result = await services.Replayer().ReplayAsync(cancellationToken);
            cliOutput.Write(result, text =>
            {
                text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Replayed {result.Messages} parked messages ({result.Events} usage events)."));
                foreach (var blob in result.Unreadable)
                {
                    text.WriteLine($"Not a usage batch, left parked: {blob}");
                }
            });
            return result.Unreadable.Count == 0 ? ExitCodes.Success : ExitCodes.BadInput;
        });
        return replay;
    }

    private static DateOnly? ParseDay(string? text, string option) =>
        text is null ? null
        : DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw CliException.BadInput($"{option} must be a date like 2026-11-01.");
}
