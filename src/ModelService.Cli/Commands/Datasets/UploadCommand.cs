using System.CommandLine;
using System.Net.Http.Headers;
using ModelService.Cli.Infrastructure;
using ModelService.Cli.Output;

namespace ModelService.Cli.Commands.Datasets;

/// <summary><c>datasets upload file.csv --name D</c>: stores a CSV as the caller's dataset D for training jobs.</summary>
public static class UploadCommand
{
    private static readonly Argument<FileInfo> File = new("file") { Description = "The CSV file: a header row, numeric feature columns and a label column." };
    private static readonly Option<string> Name = new("--name") { Description = "Dataset name: lowercase letters, digits, '-', '_', '.'.", Required = true };

    public static Command Create(TextWriter output, TextWriter error, Func<HttpClient> httpClientFactory)
    {
        var command = new Command("upload", "Upload a CSV dataset for training.") { File, Name };
        CommandAction.Attach(command, output, error, (parseResult, settings, cliOutput, cancellationToken) =>
            RunAsync(parseResult, settings, cliOutput, httpClientFactory, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliSettings settings, CliOutput output, Func<HttpClient> httpClientFactory, CancellationToken cancellationToken)
    {
        var file = parseResult.GetValue(File)!;
        var name = parseResult.GetValue(Name)!;
        if (!file.Exists)
        {
            throw CliException.BadInput($"File '{file.FullName}' does not exist.");
        }

        await using var stream = file.OpenRead();
        using var content = new StreamContent(stream);
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        using var client = new ServiceClient(httpClientFactory, settings);
        var info = await client.SendAsync(HttpMethod.Post, $"api/datasets/{Uri.EscapeDataString(name)}", content, cancellationToken);
        output.Write(info, text => text.WriteLine($"Uploaded dataset {name} ({TrainingJobText.Get(info, "sizeBytes")} bytes, sha256 {TrainingJobText.Get(info, "sha256")})."));
        return ExitCodes.Success;
    }
}
