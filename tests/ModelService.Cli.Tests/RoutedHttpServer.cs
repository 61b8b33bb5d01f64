using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace ModelService.Cli.Tests;

/// <summary>A loopback HTTP server answering every request by its method and path from a fixed table, recording what it got.</summary>
internal sealed class RoutedHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly IReadOnlyDictionary<string, (int Status, string Body)> _routes;
    private readonly Task _serving;

    /// <param name="routes">Keys are "METHOD /path" (no query string).</param>
    public RoutedHttpServer(IReadOnlyDictionary<string, (int Status, string Body)> routes)
    {
        _routes = routes;
        var port = CannedHttpServer.FreePort();
        Endpoint = $"http://127.0.0.1:{port}";
        _listener.Prefixes.Add($"{Endpoint}/");
        _listener.Start();
        _serving = ServeAsync();
    }

    public string Endpoint { get; }

    public ConcurrentQueue<(string Request, string? Authorization, string Body)> Received { get; } = new();

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeAsync()
    {
        try
        {
            while (_listener.IsListening)
            {
                var context = await _listener.GetContextAsync();
                var key = $"{context.Request.HttpMethod} {context.Request.Url!.AbsolutePath}";
                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
                {
                    Received.Enqueue(($"{key}{context.Request.Url.Query}", context.Request.Headers["Authorization"], await reader.ReadToEndAsync()));
                }

                var (status, body) = _routes.TryGetValue(key, out var route) ? route : (404, """{"error":"no such route"}""");
                context.Response.StatusCode = status;
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(Encoding.UTF8.GetBytes(body));
                context.Response.Close();
            }
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
        {
            // Closed: nothing more to answer.
        }
    }
}
