using System.CommandLine;
using ModelService.Cli.Commands;
using ModelService.Cli.Commands.Audit;
using ModelService.Cli.Commands.Datasets;
using ModelService.Cli.Commands.Models;
using ModelService.Cli.Commands.Predictions;
using ModelService.Cli.Commands.Tenants;
using ModelService.Cli.Commands.Usage;
using ModelService.Cli.Commands.Training;
using ModelService.Cli.Infrastructure;

namespace ModelService.Cli;

/// <summary>The <c>modelsvc</c> command tree; tests run it in-process with their own writers.</summary>
public static class CliApplication
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken, Func<HttpClient>? httpClientFactory = null)
    {
        var root = Build(output, error, httpClientFactory ?? (() => new HttpClient { Timeout = TimeSpan.FromMinutes(5) }));
        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            foreach (var parseError in parseResult.Errors)
            {
                await error.WriteLineAsync($"error: {parseError.Message}");
            }

            return ExitCodes.BadInput;
        }

        return await parseResult.InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken);
    }

    private static RootCommand Build(TextWriter output, TextWriter error, Func<HttpClient> httpClientFactory)
    {
        var models = new Command("models", "Publish and inspect model versions.")
        {
            PushCommand.Create(output, error),
            QuantizeCommand.Create(output, error),
            ListCommand.Create(output, error),
            ShowCommand.Create(output, error),
            AliasCommand.Create(output, error),
        };
        var root = new RootCommand("modelsvc: operate the ONNX model service.")
        {
            models,
            PredictCommand.Create(output, error, httpClientFactory),
            TenantsCommand.Create(output, error),
            KeysCommand.Create(output, error),
            AuditCommand.Create(output, error),
            UsageCommand.Create(output, error),
            DatasetsCommand.Create(output, error, httpClientFactory),
            TrainCommand.Create(output, error, httpClientFactory),
            PredictionsCommand.Create(output, error),
        };
        root.Options.Add(GlobalOptions.Storage);
        root.Options.Add(GlobalOptions.Endpoint);
        root.Options.Add(GlobalOptions.Json);
        return root;
    }
}
