using Spectre.Console;

namespace ModelService.Cli.Output;

/// <summary>A progress bar on stderr for large uploads, only where a person watches a terminal.</summary>
public static class UploadProgress
{
    private const long LargeFileBytes = 8L << 20;

    public static async Task<T> RunAsync<T>(long totalBytes, CliOutput output, Func<IProgress<long>?, Task<T>> upload)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(upload);
        if (output.Json || totalBytes < LargeFileBytes || Console.IsErrorRedirected || !ReferenceEquals(output.Error, Console.Error))
        {
            return await upload(null);
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress().StartAsync(async context =>
        {
            var task = context.AddTask("uploading", maxValue: totalBytes);
            return await upload(new Progress<long>(sent => task.Value = sent));
        });
    }
}
