using System.Net;
using System.Net.Http.Headers;

namespace ModelService.LoadTest;

/// <summary>POST /v2/models/{model}/infer against a running host; a call succeeds on 200 with its body read.</summary>
internal sealed class HttpTarget : IDisposable
{
    private readonly HttpClient _client;

    public HttpTarget(Uri endpoint, int connections, string key)
    {
#pragma warning disable CA2000 // The HttpClient owns the handler and disposes it with itself (disposeHandler defaults to true).
        _client = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
        })
        {
            BaseAddress = endpoint,
            Timeout = TimeSpan.FromSeconds(30),
        };
#pragma warning restore CA2000
        _client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
    }

    /// <param name="jsonLength">Set for a binary-data body: sent as Inference-Header-Content-Length.</param>
    public Func<CancellationToken, Task<bool>> Infer(string model, byte[] body, int? jsonLength = null) => async cancellationToken =>
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(jsonLength is null ? "application/json" : "application/octet-stream");
        if (jsonLength is { } length)
        {
            content.Headers.Add("Inference-Header-Content-Length", length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        using var response = await _client.PostAsync($"v2/models/{model}/infer", content, cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    };

    /// <summary>A GET that succeeds on 200 (health, model metadata).</summary>
    public Func<CancellationToken, Task<bool>> Get(string path) => async cancellationToken =>
    {
        using var response = await _client.GetAsync(path, cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    };

    public void Dispose() => _client.Dispose();
}
