using System.CommandLine;
using ModelService.Cli.Infrastructure;
using ModelService.Core.Audit;

namespace ModelService.Cli.Commands.Tenants;

/// <summary><c>tenants create ID --name N</c>, <c>tenants list</c>, <c>limits</c> and <c>delete</c>, straight against storage.</summary>
public static class TenantsCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "Tenant id: 3 to 63 lowercase letters, digits and '-'." };
    private static readonly Option<string?> Name = new("--name") { Description = "Display name (default: the id)." };
    private static readonly Option<double?> RequestsPerSecond = new("--requests-per-second") { Description = "Request rate limit per instance; 0: no limit; default: the service's." };
    private static readonly Option<string?> MonthlyCap = new("--monthly-spend-cap") { Description = "Monthly spend cap in currency units; default: the service's." };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var create = new Command("create", "Create a tenant.") { Id, Name, RequestsPerSecond, MonthlyCap };
        CommandAction.Attach(create, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            var id = parseResult.GetValue(Id)!;
            var rate = parseResult.GetValue(RequestsPerSecond);
            if (rate is < 0)
            {
                throw CliException.BadInput("--requests-per-second must not be negative (0 means no limit).");
            }

            var cap = PriceParser.ParseMicros(parseResult.GetValue(MonthlyCap), "--monthly-spend-cap");
            using var services = StorageServices.Create(settings);
            var tenant = await services.Tenants().CreateTenantAsync(id, parseResult.GetValue(Name) ?? id, rate, cap, cancellationToken);
            await services.RecordAsync(AuditActions.TenantCreate, $"tenant:{tenant.Id}", tenant.Id, $"rate {rate?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}, cap {cap?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "default"}", cancellationToken);
            cliOutput.Write(tenant, text => text.WriteLine($"Created tenant {tenant.Id}."));
            return ExitCodes.Success;
        });
        var list = new Command("list", "List tenants.");
        CommandAction.Attach(list, output, error, async (_, settings, cliOutput, cancellationToken) =>
        {
            using var services = StorageServices.Create(settings);
            var tenants = await services.Tenants().ListTenantsAsync(cancellationToken);
            cliOutput.Write(tenants, text =>
            {
                foreach (var tenant in tenants)
                {
                    text.WriteLine(tenant.DeletedAt is { } deleted ? $"{tenant.Id,-32} {tenant.Name} (deleted {deleted:yyyy-MM-dd})" : $"{tenant.Id,-32} {tenant.Name}");
                }
            });
            return ExitCodes.Success;
        });
        return new Command("tenants", "Manage tenants.") { create, list, LimitsCommand.Create(output, error), DeleteCommand.Create(output, error) };
    }
}
