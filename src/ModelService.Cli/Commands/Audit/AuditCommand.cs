using System.CommandLine;
using System.Globalization;
using ModelService.Cli.Infrastructure;
using ModelService.Core.Audit;

namespace ModelService.Cli.Commands.Audit;

/// <summary><c>audit list [--tenant T] [--limit N]</c>: the audit trail, newest first (public models without --tenant).</summary>
public static class AuditCommand
{
    private static readonly Option<string?> Tenant = new("--tenant") { Description = "A tenant's entries (its keys, private models, itself); default: actions on public models." };
    private static readonly Option<int> Limit = new("--limit") { Description = "Most entries shown (1 to 1000, default 100).", DefaultValueFactory = _ => 100 };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var list = new Command("list", "Show who did what, to what, when and from where; newest first.") { Tenant, Limit };
        CommandAction.Attach(list, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            var limit = parseResult.GetValue(Limit);
            if (limit is < 1 or > AuditLog.MaxListed)
            {
                throw CliException.BadInput($"--limit must be between 1 and {AuditLog.MaxListed}.");
            }

            using var services = StorageServices.Create(settings);
            var entries = await services.Audit().ListAsync(parseResult.GetValue(Tenant), limit, cancellationToken);
            cliOutput.Write(entries, text =>
            {
                foreach (var entry in entries)
                {
                    text.WriteLine($"{entry.At.ToString("u", CultureInfo.InvariantCulture)}  {entry.Actor,-24} {entry.Action,-14} {entry.Target}  {entry.Detail}  ({entry.Source})");
                }
            });
            return ExitCodes.Success;
        });
        return new Command("audit", "Read the append-only audit trail.") { list };
    }
}
