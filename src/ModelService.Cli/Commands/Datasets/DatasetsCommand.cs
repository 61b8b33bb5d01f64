using System.CommandLine;

namespace ModelService.Cli.Commands.Datasets;

/// <summary><c>datasets …</c>: the caller's training data.</summary>
public static class DatasetsCommand
{
    public static Command Create(TextWriter output, TextWriter error, Func<HttpClient> httpClientFactory) =>
        new("datasets", "Upload and delete training datasets.") { UploadCommand.Create(output, error, httpClientFactory), DeleteCommand.Create(output, error, httpClientFactory) };
}
