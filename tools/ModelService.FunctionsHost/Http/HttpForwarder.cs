using System.Buffers;
using System.Net;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace ModelService.FunctionsHost.Http;

/// <summary>
/// Proxies a request to the worker's own ASP.NET Core server as the real host does with the ASP.NET Core
/// integration: same method, path, query, headers and body, plus x-ms-invocation-id so the worker can pair the
/// request with the InvocationRequest, and X-Forwarded-* so the worker sees the original caller.
/// </summary>
internal sealed class HttpForwarder : IDisposable
{
    public const string InvocationIdHeader = "x-ms-invocation-id";

    // Headers that describe one hop, not the message; HttpClient and Kestrel set their own.
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "TE", "Trailer", "Upgrade", "Proxy-Connection",
        "Proxy-Authenticate", "Proxy-Authorization", "Host", "Expect",
    };

    private const int ConnectAttempts = 10;

    private static readonly TimeSpan ConnectRetryDelay = TimeSpan.FromMilliseconds(150);

    private readonly HttpMessageInvoker _client = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        ConnectTimeout = TimeSpan.FromSeconds(10),
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        EnableMultipleHttp2Connections = true,
    });

    /// <summary>
    /// Sends the request, trying again while the worker's port refuses connections: the worker answers the gRPC
    /// handshake before its ASP.NET Core server listens, and the real host retries the same way. A refused
    /// connection has not read the body, so sending again is safe.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(HttpContext context, Uri workerUri, string invocationId, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
#pragma warning disable CA2000 // Its only content wraps the incoming body, which ASP.NET Core owns; disposing it would close that stream.
                return await _client.SendAsync(Build(context, workerUri, invocationId), cancellationToken);
#pragma warning restore CA2000
            }
            catch (HttpRequestException ex) when (ex.HttpRequestError == HttpRequestError.ConnectionError && attempt < ConnectAttempts)
            {
                await Task.Delay(ConnectRetryDelay, cancellationToken);
            }
        }
    }

    private static HttpRequestMessage Build(HttpContext context, Uri workerUri, string invocationId)
    {
        var incoming = context.Request;
        var target = new UriBuilder(workerUri)
        {
            // The worker listens on "localhost"; the IPv4 loopback avoids a name lookup and a failed IPv6 attempt.
            Host = workerUri.IsLoopback ? "127.0.0.1" : workerUri.Host,
            Path = incoming.PathBase.Add(incoming.Path).ToUriComponent(),
            Query = incoming.QueryString.HasValue ? incoming.QueryString.Value![1..] : string.Empty,
        }.Uri;
        var outgoing = new HttpRequestMessage(new HttpMethod(incoming.Method), target) { Version = HttpVersion.Version11 };
        if (HasBody(incoming))
        {
            outgoing.Content = new StreamContent(incoming.Body);
        }

        foreach (var (name, values) in incoming.Headers)
        {
            if (HopByHop.Contains(name))
            {
                continue;
            }

            if (!outgoing.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values))
            {
                outgoing.Content?.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
            }
        }

        outgoing.Headers.TryAddWithoutValidation(InvocationIdHeader, invocationId);
        outgoing.Headers.TryAddWithoutValidation("X-Forwarded-For", context.Connection.RemoteIpAddress?.ToString());
        outgoing.Headers.TryAddWithoutValidation("X-Forwarded-Proto", incoming.Scheme);
        outgoing.Headers.TryAddWithoutValidation("X-Forwarded-Host", incoming.Host.Value);
        return outgoing;
    }

    /// <summary>Status and headers of the worker's response onto ours, before the first byte of the body.</summary>
    public static void CopyHead(HttpResponseMessage from, HttpResponse to)
    {
        to.StatusCode = (int)from.StatusCode;
        if (to.HttpContext.Features.Get<IHttpResponseFeature>() is { } feature && from.ReasonPhrase is { } reason)
        {
            feature.ReasonPhrase = reason;
        }

        foreach (var (name, values) in from.Headers.Concat(from.Content.Headers))
        {
            if (!HopByHop.Contains(name))
            {
                to.Headers[name] = values.ToArray();
            }
        }
    }

    public static byte[] RentBuffer() => ArrayPool<byte>.Shared.Rent(16 * 1024);

    public static void ReturnBuffer(byte[] buffer) => ArrayPool<byte>.Shared.Return(buffer);

    public void Dispose() => _client.Dispose();

    private static bool HasBody(HttpRequest request) =>
        request.HttpContext.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody ?? request.ContentLength > 0;
}
