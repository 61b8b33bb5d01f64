using System.CommandLine;
using ModelService.Cli.Infrastructure;
using ModelService.Core.Predictions;

namespace ModelService.Cli.Commands.Predictions;

/// <summary>
/// <c>predictions purge [--retention-days N]</c>: deletes asynchronous predictions (records, requests, results) older
/// than the retention, straight in storage. The storage lifecycle rule deletes the blobs in Azure by itself; this
/// also removes the table records, and is how retention runs against Azurite.
/// </summary>
public static class PredictionsCommand
{
    private static readonly Option<int> RetentionDays = new("--retention-days")
    {
        Description = "Keep predictions changed within this many days (Predictions:RetentionDays).",
        DefaultValueFactory = _ => 7,
    };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var purge = new Command("purge", "Delete predictions older than the retention.") { RetentionDays };
        CommandAction.Attach(purge, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            var days = parseResult.GetValue(RetentionDays);
            if (days < 1)
            {
                throw CliException.BadInput("--retention-days must be at least 1.");
            }

            using var services = StorageServices.Create(settings, new Dictionary<string, string?> { ["ModelService:Predictions:RetentionDays"] = days.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            var deleted = await services.Retention().PurgeAsync(cancellationToken);
            cliOutput.Write(new { deleted, retentionDays = days }, text => text.WriteLine($"Deleted {deleted} predictions older than {days} days."));
            return ExitCodes.Success;
        });
        return new Command("predictions", "Asynchronous predictions.") { purge };
    }
}
