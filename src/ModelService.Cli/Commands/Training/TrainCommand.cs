using System.CommandLine;

namespace ModelService.Cli.Commands.Training;

/// <summary><c>train …</c>: submit and follow training jobs over the service's HTTP API.</summary>
public static class TrainCommand
{
    public static Command Create(TextWriter output, TextWriter error, Func<HttpClient> httpClientFactory) =>
        new("train", "Submit and follow training jobs.")
        {
            SubmitCommand.Create(output, error, httpClientFactory),
            JobCommand.Status(output, error, httpClientFactory),
            EventsCommand.Create(output, error, httpClientFactory),
            JobCommand.Cancel(output, error, httpClientFactory),
            WatchCommand.Create(output, error, httpClientFactory),
        };
}
