using System.Text.Json;
using ModelService.Cli;

namespace ModelService.Cli.Tests;

/// <summary>One in-process run of modelsvc: its exit status and what it printed.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> ExecuteAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        var exitCode = await CliApplication.RunAsync(args, output, error, timeout.Token);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public JsonElement Json => JsonDocument.Parse(Output).RootElement;
}
