using System.CommandLine;
using ModelService.Cli.Infrastructure;
using ModelService.Cli.Output;

namespace ModelService.Cli.Commands.Models;

/// <summary><c>models list</c>: every model with its versions and aliases.</summary>
public static class ListCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("list", "List models, their versions and aliases.");
        CommandAction.Attach(command, output, error, async (_, settings, cliOutput, cancellationToken) =>
        {
            using var services = StorageServices.Create(settings);
            var models = await services.Registry().ListModelsAsync(cancellationToken);
            cliOutput.Write(models.Select(m => new { m.Name, m.Versions, Latest = m.LatestVersion, m.Aliases }), text =>
            {
                text.WriteLine($"{"NAME",-32} {"LATEST",6}  {"VERSIONS",-20} ALIASES");
                foreach (var model in models)
                {
                    var aliases = string.Join(", ", model.Aliases.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => $"{a.Key}->{a.Value}"));
                    text.WriteLine($"{model.Name,-32} {model.LatestVersion,6}  {string.Join(',', model.Versions),-20} {aliases}");
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
