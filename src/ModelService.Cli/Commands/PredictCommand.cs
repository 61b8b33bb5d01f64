using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using ModelService.Cli.Infrastructure;
using ModelService.Cli.Output;
using ModelService.Core.Registry;

namespace ModelService.Cli.Commands;

/// <summary><c>predict N[:V|@alias] --input request.json</c>: sends a v2 infer request and prints the answer.</summary>
public static class PredictCommand
{
    private static readonly Argument<string> Reference = new("model") { Description = "name, name:version or name@alias" };
    private static readonly Option<FileInfo> Input = new("--input") { Description = "A v2 infer request (JSON).", Required = true };

    public static Command Create(TextWriter output, TextWriter error, Func<HttpClient> httpClientFactory)
    {
        var command = new Command("predict", "Run a v2 inference request against the service.") { Reference, Input };
        CommandAction.Attach(command, output, error, (parseResult, settings, cliOutput, cancellationToken) =>
            RunAsync(parseResult, settings, cliOutput, httpClientFactory, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(ParseResult parseResult, CliSettings settings, CliOutput output, Func<HttpClient> httpClientFactory, CancellationToken cancellationToken)
    {
        var reference = ModelReference.Parse(parseResult.GetValue(Reference)!);
        var input = parseResult.GetValue(Input)!;
        var body = input.Exists ? await File.ReadAllBytesAsync(input.FullName, cancellationToken) : throw CliException.BadInput($"File '{input.FullName}' does not exist.");
        using var client = new ServiceClient(httpClientFactory, settings);
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var text = await client.SendForTextAsync(HttpMethod.Post, InferPath(reference), content, cancellationToken);
        output.Out.WriteLine(output.Json ? text : Pretty(text));
        return ExitCodes.Success;
    }

    private static string InferPath(ModelReference reference) =>
        reference.Version.IsLatest
            ? $"v2/models/{reference.Name}/infer"
            : $"v2/models/{reference.Name}/versions/{Uri.EscapeDataString(reference.Version.ToString())}/infer";

    private static string Pretty(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, CliOutput.JsonOptions);
    }
}
