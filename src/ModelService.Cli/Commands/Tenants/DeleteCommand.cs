using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Cli.Infrastructure;
using ModelService.Core.Tenancy;

namespace ModelService.Cli.Commands.Tenants;

/// <summary>
/// <c>tenants delete ID --yes</c>: removes the tenant's keys, predictions, datasets and private models, keeps its
/// usage ledger, audits the deletion. Run again, it finishes a deletion cut short; after a finished one it does nothing.
/// </summary>
public static class DeleteCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "Tenant id." };
    private static readonly Option<bool> Yes = new("--yes") { Description = "Confirm: the tenant's data is removed for good (its usage ledger is kept)." };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("delete", "Delete a tenant's keys, predictions, datasets and private models; keep its usage ledger.") { Id, Yes };
        CommandAction.Attach(command, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            var id = parseResult.GetValue(Id)!;
            if (!parseResult.GetValue(Yes))
            {
                throw CliException.BadInput($"Deleting tenant '{id}' removes its keys, predictions, datasets and private models for good; run again with --yes to confirm.");
            }

            using var services = StorageServices.Create(settings);
            var result = await services.GetRequiredService<TenantDeletion>().DeleteAsync(id, OperatorAudit.Actor, OperatorAudit.Source, cancellationToken);
            cliOutput.Write(result, text => text.WriteLine(Describe(result)));
            return ExitCodes.Success;
        });
        return command;
    }

    private static string Describe(TenantDeletionResult result) => result.AlreadyDeleted
        ? $"Tenant {result.TenantId} was already deleted; nothing was left to remove."
        : $"Deleted tenant {result.TenantId}: {result.Keys} keys, {result.Predictions} predictions, {result.Datasets} datasets, {result.Models} private models ({result.ModelVersions} versions). Its usage ledger is kept.";
}
