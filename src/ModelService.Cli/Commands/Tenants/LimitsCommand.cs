using System.CommandLine;
using ModelService.Cli.Infrastructure;

namespace ModelService.Cli.Commands.Tenants;

/// <summary>
/// <c>tenants limits ID [--max-pending-predictions N] [--max-datasets N] [--max-dataset-bytes N]</c>: the tenant's
/// storage limits; an option left out goes back to the service's default.
/// </summary>
public static class LimitsCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "Tenant id." };
    private static readonly Option<int?> MaxPending = new("--max-pending-predictions") { Description = "Async predictions queued or running at once; 0: no limit." };
    private static readonly Option<int?> MaxDatasets = new("--max-datasets") { Description = "Datasets kept at once; 0: no limit." };
    private static readonly Option<long?> MaxDatasetBytes = new("--max-dataset-bytes") { Description = "Bytes of datasets kept at once; 0: no limit." };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("limits", "Set a tenant's storage limits (pending predictions, datasets).") { Id, MaxPending, MaxDatasets, MaxDatasetBytes };
        CommandAction.Attach(command, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            var (pending, datasets, bytes) = (parseResult.GetValue(MaxPending), parseResult.GetValue(MaxDatasets), parseResult.GetValue(MaxDatasetBytes));
            if (pending is < 0 || datasets is < 0 || bytes is < 0)
            {
                throw CliException.BadInput("Limits must not be negative (0 means no limit).");
            }

            using var services = StorageServices.Create(settings);
            var tenant = await services.Tenants().SetStorageLimitsAsync(parseResult.GetValue(Id)!, pending, datasets, bytes, cancellationToken);
            cliOutput.Write(tenant, text => text.WriteLine(
                $"Tenant {tenant.Id}: pending predictions {Show(tenant.MaxPendingPredictions)}, datasets {Show(tenant.MaxDatasets)}, dataset bytes {Show(tenant.MaxDatasetBytes)}."));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Show(long? limit) => limit switch
    {
        null => "default",
        0 => "no limit",
        var value => value.Value.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
