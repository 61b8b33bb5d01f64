using System.CommandLine;
using ModelService.Cli.Infrastructure;
using ModelService.Core.Audit;
using ModelService.Core.Registry;

namespace ModelService.Cli.Commands.Models;

/// <summary><c>models alias set N A V</c>: points an alias at an existing version.</summary>
public static class AliasCommand
{
    private static readonly Argument<string> Name = new("name") { Description = "Model name." };
    private static readonly Argument<string> Alias = new("alias") { Description = "Alias, e.g. prod." };
    private static readonly Argument<int> Version = new("version") { Description = "Existing version number." };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var set = new Command("set", "Point an alias at a version.") { Name, Alias, Version };
        CommandAction.Attach(set, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            var (name, alias, version) = (parseResult.GetValue(Name)!, parseResult.GetValue(Alias)!, parseResult.GetValue(Version));
            using var services = StorageServices.Create(settings);
            await services.Registry().SetAliasAsync(name, alias, version, cancellationToken);
            var owner = (await services.Registry().GetManifestAsync(name, VersionSelector.ForNumber(version), cancellationToken)).Owner;
            await services.RecordAsync(AuditActions.AliasSet, $"alias:{name}@{alias}", owner, $"now version {version}", cancellationToken);
            cliOutput.Write(new { name, alias, version }, text => text.WriteLine($"{name}@{alias} -> {version}"));
            return ExitCodes.Success;
        });
        return new Command("alias", "Manage a model's aliases.") { set };
    }
}
