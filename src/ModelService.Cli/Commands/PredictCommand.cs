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
        var uri = new Uri(settings.Endpoint, InferPath(reference));
        using var http = httpClientFactory();
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (settings.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await SendAsync(http, request, settings.Endpoint, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Failure(response.StatusCode, text);
        }

        output.Out.WriteLine(output.Json ? text : Pretty(text));
        return ExitCodes.Success;
    }

    private static string InferPath(ModelReference reference) =>
        reference.Version.IsLatest
            ? $"v2/models/{reference.Name}/infer"
            : $"v2/models/{reference.Name}/versions/{Uri.EscapeDataString(reference.Version.ToString())}/infer";

    private static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, Uri endpoint, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw CliException.Unavailable($"The service at {endpoint} cannot be reached ({exception.Message}). Is it running, or is {CliSettings.EndpointVariable} right?", exception);
        }
    }

    private static CliException Failure(HttpStatusCode status, string body)
    {
        var message = $"{(int)status} {status}: {ServerMessage(body)}";
        return (int)status switch
        {
            404 => new CliException(ExitCodes.NotFound, "NotFound", message),
            409 => new CliException(ExitCodes.Conflict, "Conflict", message),
            >= 400 and < 500 => CliException.BadInput(message),
            _ => CliException.Unavailable(message),
        };
    }

    private static string ServerMessage(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("error", out var error) ? error.ToString() : "no error message";
        }
        catch (JsonException)
        {
            return "no error message";
        }
    }

    private static string Pretty(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonSerializer.Serialize(document.RootElement, CliOutput.JsonOptions);
    }
}
