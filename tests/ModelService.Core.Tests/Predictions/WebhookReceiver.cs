using System.Net;
using System.Net.Sockets;

namespace ModelService.Core.Tests.Predictions;

/// <summary>A webhook receiver on 127.0.0.1 that answers with given statuses in turn and keeps what it received.</summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<int> _statuses;
    private readonly Task _loop;

    public WebhookReceiver(params int[] statuses)
    {
        _statuses = new Queue<int>(statuses);
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public Uri Url => new($"http://127.0.0.1:{Port}/hook");

    public List<(string Body, string Id, long Timestamp, string Signature)> Received { get; } = [];

    public void Dispose()
    {
        _listener.Close();
        _ = _loop.Exception;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            lock (Received)
            {
                Received.Add((body, context.Request.Headers["webhook-id"]!, long.Parse(context.Request.Headers["webhook-timestamp"]!, System.Globalization.CultureInfo.InvariantCulture), context.Request.Headers["webhook-signature"]!));
            }

            context.Response.StatusCode = _statuses.Count > 0 ? _statuses.Dequeue() : 200;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
