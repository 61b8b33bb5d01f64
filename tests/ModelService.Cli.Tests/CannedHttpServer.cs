using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ModelService.Cli.Tests;

/// <summary>A loopback HTTP server that answers one request with a fixed response and records what it got.</summary>
internal sealed class CannedHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _serving;

    public CannedHttpServer(int status, string body)
    {
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _serving = ServeOnceAsync(status, body);
    }

    public int Port { get; }

    public string Endpoint => $"http://127.0.0.1:{Port}";

    public string? ReceivedPath { get; private set; }

    public string? ReceivedBody { get; private set; }

    public string? ReceivedAuthorization { get; private set; }

    public static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }

    public void Dispose()
    {
        _listener.Close();
        _serving.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ServeOnceAsync(int status, string body)
    {
        try
        {
            var context = await _listener.GetContextAsync().WaitAsync(TimeSpan.FromSeconds(30));
            ReceivedPath = context.Request.Url!.AbsolutePath;
            ReceivedAuthorization = context.Request.Headers["Authorization"];
            using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8))
            {
                ReceivedBody = await reader.ReadToEndAsync();
            }

            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            var bytes = Encoding.UTF8.GetBytes(body);
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
        catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or TimeoutException)
        {
            // Closed before a request came: nothing to answer.
        }
    }
}
