using System.CommandLine;
using ModelService.Cli.Infrastructure;

namespace ModelService.Cli.Commands.Datasets;

/// <summary><c>datasets delete --name D</c>: deletes the caller's dataset D (freeing its share of the dataset quota).</summary>
public static class DeleteCommand
{
    private static readonly Option<string> Name = new("--name") { Description = "Dataset name.", Required = true };

    public static Command Create(TextWriter output, TextWriter error, Func<HttpClient> httpClientFactory)
    {
        var command = new Command("delete", "Delete a dataset.") { Name };
        CommandAction.Attach(command, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            var name = parseResult.GetValue(Name)!;
            using var client = new ServiceClient(httpClientFactory, settings);
            await client.SendForTextAsync(HttpMethod.Delete, $"api/datasets/{Uri.EscapeDataString(name)}", null, cancellationToken);
            cliOutput.Write(new { deleted = name }, text => text.WriteLine($"Deleted dataset {name}."));
            return ExitCodes.Success;
        });
        return command;
    }
}
