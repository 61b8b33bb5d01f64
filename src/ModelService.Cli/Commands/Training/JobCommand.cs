using System.CommandLine;
using ModelService.Cli.Infrastructure;
using ModelService.Cli.Output;

namespace ModelService.Cli.Commands.Training;

/// <summary><c>train status &lt;id&gt;</c> and <c>train cancel &lt;id&gt;</c>: one call about one job, printing the job.</summary>
public static class JobCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "The training job id." };

    public static Command Status(TextWriter output, TextWriter error, Func<HttpClient> httpClientFactory) =>
        Create("status", "Show a training job.", HttpMethod.Get, string.Empty, output, error, httpClientFactory);

    public static Command Cancel(TextWriter output, TextWriter error, Func<HttpClient> httpClientFactory) =>
        Create("cancel", "Cancel a training job (a running one stops at the next epoch).", HttpMethod.Post, "/cancel", output, error, httpClientFactory);

    private static Command Create(string name, string description, HttpMethod method, string suffix, TextWriter output, TextWriter error, Func<HttpClient> httpClientFactory)
    {
        var command = new Command(name, description) { Id };
        CommandAction.Attach(command, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            using var client = new ServiceClient(httpClientFactory, settings);
            var job = await client.SendAsync(method, $"api/training-jobs/{Uri.EscapeDataString(parseResult.GetValue(Id)!)}{suffix}", null, cancellationToken);
            cliOutput.Write(job, text => TrainingJobText.Write(text, job));
            return ExitCodes.Success;
        });
        return command;
    }
}
