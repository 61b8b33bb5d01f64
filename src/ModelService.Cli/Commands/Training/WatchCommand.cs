using System.CommandLine;
using System.Text.Json;
using ModelService.Cli.Infrastructure;
using ModelService.Cli.Output;
using Spectre.Console;

namespace ModelService.Cli.Commands.Training;

/// <summary>
/// <c>train watch &lt;id&gt;</c>: follows a job until it ends. On a terminal a live progress bar shows the epoch,
/// loss and validation metric; otherwise (or with --json) each event is one line. Exit 0 when the job succeeded.
/// </summary>
public static class WatchCommand
{
    private static readonly Argument<string> Id = new("id") { Description = "The training job id." };
    private static readonly Option<double> Interval = new("--interval") { Description = "Seconds between polls (default 2).", DefaultValueFactory = _ => 2 };
    private static readonly Option<double> Timeout = new("--timeout") { Description = "Give up watching after this many seconds (default 3600).", DefaultValueFactory = _ => 3600 };

    public static Command Create(TextWriter output, TextWriter error, Func<HttpClient> httpClientFactory)
    {
        var command = new Command("watch", "Follow a training job's progress until it ends.") { Id, Interval, Timeout };
        CommandAction.Attach(command, output, error, (parseResult, settings, cliOutput, cancellationToken) =>
            RunAsync(parseResult, settings, cliOutput, httpClientFactory, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliSettings settings, CliOutput output, Func<HttpClient> httpClientFactory, CancellationToken cancellationToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Clamp(parseResult.GetValue(Interval), 0.1, 600));
        var timeout = TimeSpan.FromSeconds(Math.Clamp(parseResult.GetValue(Timeout), 1, 7 * 86400));
        using var client = new ServiceClient(httpClientFactory, settings);
        var loop = new WatchLoop(client, parseResult.GetValue(Id)!);
        var job = IsLiveTerminal(output)
            ? await WatchWithProgressBarAsync(loop, interval, timeout, cancellationToken)
            : await loop.RunAsync(interval, timeout, e => output.Out.WriteLine(output.Json ? e.GetRawText() : TrainingJobText.Event(e)), cancellationToken);
        output.Write(job, text => TrainingJobText.Write(text, job));
        return job.GetProperty("status").GetString() switch
        {
            "succeeded" => ExitCodes.Success,
            var status => throw new CliException(ExitCodes.Unexpected, "JobNotSucceeded", $"The job {status}: {TrainingJobText.Get(job, "reason")}"),
        };
    }

    private static bool IsLiveTerminal(CliOutput output) =>
        !output.Json && !Console.IsOutputRedirected && ReferenceEquals(output.Out, Console.Out);

    private static Task<JsonElement> WatchWithProgressBarAsync(WatchLoop loop, TimeSpan interval, TimeSpan timeout, CancellationToken cancellationToken) =>
        AnsiConsole.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("queued", maxValue: 1);
                return await loop.RunAsync(interval, timeout, e => Show(task, e), cancellationToken);
            });

    private static void Show(ProgressTask task, JsonElement e)
    {
        if (e.GetProperty("kind").GetString() == "epoch")
        {
            task.MaxValue = e.GetProperty("epochs").GetInt32();
            task.Value = e.GetProperty("epoch").GetInt32();
        }

        task.Description = Markup.Escape(TrainingJobText.Event(e));
    }
}
