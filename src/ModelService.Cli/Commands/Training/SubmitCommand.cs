using System.CommandLine;
using System.Text;
using System.Text.Json;
using ModelService.Cli.Infrastructure;
using ModelService.Cli.Output;

namespace ModelService.Cli.Commands.Training;

/// <summary><c>train submit --recipe R --dataset D --label COLUMN --output-model M [--set key=value …]</c>.</summary>
public static class SubmitCommand
{
    private static readonly Option<string> Recipe = new("--recipe") { Description = "tabular-classifier or tabular-regressor.", Required = true };
    private static readonly Option<string> Dataset = new("--dataset") { Description = "A dataset uploaded with 'datasets upload'.", Required = true };
    private static readonly Option<string> Label = new("--label") { Description = "The CSV column to predict.", Required = true };
    private static readonly Option<string> OutputModel = new("--output-model") { Description = "Model name the trained version is published under.", Required = true };
    private static readonly Option<string[]> Set = new("--set") { Description = "Hyperparameter key=value (repeatable): hidden=64,32 epochs learning_rate batch_size patience seed validation_fraction." };

    private static readonly Option<string[]> Sensitive = new("--sensitive-column") { Description = "A column to report per-group fairness metrics for (repeatable); not a feature unless --use-sensitive-as-features." };
    private static readonly Option<bool> SensitiveAsFeatures = new("--use-sensitive-as-features") { Description = "Train on the sensitive columns too (they must then be numeric)." };
    private static readonly Option<double?> MaxParityGap = new("--max-parity-gap") { Description = "Refuse publication when the demographic-parity difference on the validation rows is above this (0 to 1)." };

    public static Command Create(TextWriter output, TextWriter error, Func<HttpClient> httpClientFactory)
    {
        var command = new Command("submit", "Queue a training job; prints the job.") { Recipe, Dataset, Label, OutputModel, Set, Sensitive, SensitiveAsFeatures, MaxParityGap };
        CommandAction.Attach(command, output, error, (parseResult, settings, cliOutput, cancellationToken) =>
            RunAsync(parseResult, settings, cliOutput, httpClientFactory, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliSettings settings, CliOutput output, Func<HttpClient> httpClientFactory, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(new
        {
            recipe = parseResult.GetValue(Recipe),
            dataset = parseResult.GetValue(Dataset),
            label = parseResult.GetValue(Label),
            outputModel = parseResult.GetValue(OutputModel),
            hyperparameters = Hyperparameters(parseResult.GetValue(Set) ?? []),
            sensitiveColumns = parseResult.GetValue(Sensitive) is { Length: > 0 } columns ? columns : null,
            useSensitiveAsFeatures = parseResult.GetValue(SensitiveAsFeatures) ? true : (bool?)null,
            maxParityGap = parseResult.GetValue(MaxParityGap),
        });
        using var client = new ServiceClient(httpClientFactory, settings);
        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        var job = await client.SendAsync(HttpMethod.Post, "api/training-jobs", content, cancellationToken);
        output.Write(job, text =>
        {
            TrainingJobText.Write(text, job);
            text.WriteLine($"Follow it with: modelsvc train watch {TrainingJobText.Get(job, "id")}");
        });
        return ExitCodes.Success;
    }

    private static Dictionary<string, string> Hyperparameters(string[] pairs)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var separator = pair.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw CliException.BadInput($"--set '{pair}' is not key=value.");
            }

            result[pair[..separator].Trim()] = pair[(separator + 1)..].Trim();
        }

        return result;
    }
}
