using System.CommandLine;
using ModelService.Cli.Infrastructure;
using ModelService.Cli.Output;

namespace ModelService.Cli.Commands.Training;

/// <summary><c>train events &lt;id&gt; [--after N]</c>: the job's progress events (epochs, stages).</summary>
public static class EventsCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "The training job id." };
    private static readonly Option<int> After = new("--after") { Description = "Only events after this sequence number." };

    public static Command Create(TextWriter output, TextWriter error, Func<HttpClient> httpClientFactory)
    {
        var command = new Command("events", "List a training job's progress events.") { Id, After };
        CommandAction.Attach(command, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            using var client = new ServiceClient(httpClientFactory, settings);
            var path = $"api/training-jobs/{Uri.EscapeDataString(parseResult.GetValue(Id)!)}/events?after={parseResult.GetValue(After)}";
            var answer = await client.SendAsync(HttpMethod.Get, path, null, cancellationToken);
            cliOutput.Write(answer, text =>
            {
                foreach (var e in answer.GetProperty("events").EnumerateArray())
                {
                    text.WriteLine(TrainingJobText.Event(e));
                }
            });
            return ExitCodes.Success;
        });
        return command;
    }
}
