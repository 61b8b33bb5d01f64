using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace ModelService.Cli.Infrastructure;

/// <summary>
/// Calls the service over HTTP (v2 inference and the /api/… routes) with MODELSVC_API_KEY as a Bearer token and
/// turns its answers into JSON or a <see cref="CliException"/> with the server's message and the matching exit status.
/// </summary>
public sealed class ServiceClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly CliSettings _settings;

    public ServiceClient(Func<HttpClient> httpClientFactory, CliSettings settings)
    {
        ArgumentNullException.ThrowIfNull(httpClientFactory);
        _http = httpClientFactory();
        _settings = settings;
    }

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(await SendForTextAsync(method, path, content, cancellationToken));
        return document.RootElement.Clone();
    }

    /// <summary>The body of a successful answer as the server wrote it.</summary>
    public async Task<string> SendForTextAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_settings.Endpoint, path)) { Content = content };
        if (_settings.ApiKey is { Length: > 0 } key)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        using var response = await SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? text : throw Failure(response.StatusCode, text);
    }

    public void Dispose() => _http.Dispose();

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw CliException.Unavailable($"The service at {_settings.Endpoint} cannot be reached ({exception.Message}). Is it running, or is {CliSettings.EndpointVariable} right?", exception);
        }
    }

    private static CliException Failure(HttpStatusCode status, string body)
    {
        var message = $"{(int)status} {status}: {ServerMessage(body)}";
        return (int)status switch
        {
            404 => new CliException(ExitCodes.NotFound, "NotFound", message),
            409 => new CliException(ExitCodes.Conflict, "Conflict", message),
            401 or 403 => CliException.BadInput($"{message} (set {CliSettings.ApiKeyVariable} to a key with the scope this call needs)"),
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
}
