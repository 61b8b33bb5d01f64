using System.CommandLine;
using ModelService.Cli.Infrastructure;
using ModelService.Cli.Output;
using ModelService.Core.Registry;

namespace ModelService.Cli.Commands.Models;

/// <summary><c>models show N[:V|@alias]</c>: one version's manifest.</summary>
public static class ShowCommand
{
    private static readonly Argument<string> Reference = new("model") { Description = "name, name:version, name:latest or name@alias" };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("show", "Show a model version's manifest.") { Reference };
        CommandAction.Attach(command, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            var reference = ModelReference.Parse(parseResult.GetValue(Reference)!);
            using var services = StorageServices.Create(settings);
            var manifest = await services.Registry().GetManifestAsync(reference.Name, reference.Version, cancellationToken);
            cliOutput.Write(manifest, text => ManifestText.Write(text, manifest));
            return ExitCodes.Success;
        });
        return command;
    }
}
