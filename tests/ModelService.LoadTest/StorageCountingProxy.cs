using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ModelService.LoadTest;

/// <summary>
/// Counts storage requests: a reverse proxy on loopback in front of Azurite's blob, queue and table ports that every
/// process of the run (hosts, workers, this client) talks to. <c>GET /_count</c> on any of its ports answers the
/// number forwarded so far; <c>GET /_count/detail</c> the same by method and resource (queue, container or table, and
/// the operation's comp), the most frequent first. <c>ModelService.LoadTest storage-proxy --forward 41001=40001 --forward …</c>.
/// Costs each storage request one loopback hop; Azurite's own debug log was too slow to leave on under load.
/// </summary>
internal static class StorageCountingProxy
{
    private static readonly HashSet<string> HopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "Host",
    };

    private static readonly ConcurrentDictionary<string, long> ByResource = new(StringComparer.Ordinal);
    private static long _forwarded;

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var routes = new Dictionary<int, int>();
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            if (args[i] != "--forward" || args[i + 1].Split('=') is not [var listen, var target])
            {
                await Console.Error.WriteLineAsync("storage-proxy: --forward LISTEN_PORT=TARGET_PORT, repeated");
                return 2;
            }

            routes[int.Parse(listen, CultureInfo.InvariantCulture)] = int.Parse(target, CultureInfo.InvariantCulture);
        }

#pragma warning disable CA2000 // The HttpClient owns the handler and disposes it with itself (disposeHandler defaults to true).
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, AllowAutoRedirect = false, UseCookies = false, AutomaticDecompression = DecompressionMethods.None, MaxConnectionsPerServer = 256 });
#pragma warning restore CA2000
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = null;
            foreach (var port in routes.Keys)
            {
                kestrel.Listen(IPAddress.Loopback, port);
            }
        });
        await using var app = builder.Build();
        app.Run(context => context.Request.Path.Value switch
        {
            "/_count" => context.Response.WriteAsync(Interlocked.Read(ref _forwarded).ToString(CultureInfo.InvariantCulture)),
            "/_count/detail" => context.Response.WriteAsync(Detail()),
            _ => ForwardAsync(client, routes[context.Connection.LocalPort], context),
        });
        await app.RunAsync();
        return 0;
    }

    private static string Detail() => string.Join('\n', ByResource.OrderByDescending(p => p.Value).Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value,10} {p.Key}"))) + "\n";

    /// <summary>"POST usage-events/messages", "POST $batch": the account segment dropped, ids and keys cut off at '('.</summary>
    private static string Resource(HttpRequest request)
    {
        var segments = (request.Path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(2).Select(s => s.Split('(')[0]);
        var comp = request.Query["comp"].ToString();
        return $"{request.Method} {string.Join('/', segments)}{(comp.Length > 0 ? "?comp=" + comp : string.Empty)}";
    }

    private static async Task ForwardAsync(HttpClient client, int target, HttpContext context)
    {
        Interlocked.Increment(ref _forwarded);
        var request = context.Request;
        ByResource.AddOrUpdate(Resource(request), 1, (_, count) => count + 1);
        using var forward = new HttpRequestMessage(new HttpMethod(request.Method), $"http://127.0.0.1:{target}{request.PathBase}{request.Path}{request.QueryString}");
        if (request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            forward.Content = new StreamContent(request.Body);
        }

        foreach (var (name, values) in request.Headers)
        {
            if (!HopHeaders.Contains(name) && !forward.Headers.TryAddWithoutValidation(name, [.. values]))
            {
                forward.Content?.Headers.TryAddWithoutValidation(name, [.. values]);
            }
        }

        forward.Headers.Host = $"127.0.0.1:{target}";
        using var response = await client.SendAsync(forward, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopHeaders.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
