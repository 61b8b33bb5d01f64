using System.Net;
using System.Net.Sockets;

namespace ModelService.Core.Tests.Webhooks;

/// <summary>
/// A webhook receiver on 127.0.0.1 that answers with given statuses in turn and keeps what it received; or one that
/// never answers, or one that answers 200 and then sends a body without end (until it is disposed).
/// </summary>
internal sealed class WebhookReceiver : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Queue<int> _statuses;
    private readonly ReceiverBehaviour _behaviour;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public WebhookReceiver(params int[] statuses)
        : this(ReceiverBehaviour.Answer, statuses)
    {
    }

    public WebhookReceiver(ReceiverBehaviour behaviour, params int[] statuses)
    {
        _behaviour = behaviour;
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
        _stop.Cancel();
        _listener.Close();
        _ = _loop.Exception;
        _stop.Dispose();
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
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            _ = Task.Run(() => AnswerAsync(context));
        }
    }

    private async Task AnswerAsync(HttpListenerContext context)
    {
        try
        {
            using var reader = new StreamReader(context.Request.InputStream);
            var body = await reader.ReadToEndAsync();
            lock (Received)
            {
                Received.Add((body, context.Request.Headers["webhook-id"]!, long.Parse(context.Request.Headers["webhook-timestamp"]!, System.Globalization.CultureInfo.InvariantCulture), context.Request.Headers["webhook-signature"]!));
            }

            switch (_behaviour)
            {
                case ReceiverBehaviour.Hang:
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                    break;
                case ReceiverBehaviour.EndlessBody:
                    context.Response.StatusCode = 200;
                    context.Response.SendChunked = true;
                    var chunk = new byte[64 * 1024];
                    while (!_stop.IsCancellationRequested)
                    {
                        await context.Response.OutputStream.WriteAsync(chunk, _stop.Token);
                    }

                    break;
                default:
                    lock (_statuses)
                    {
                        context.Response.StatusCode = _statuses.Count > 0 ? _statuses.Dequeue() : 200;
                    }

                    context.Response.Close();
                    break;
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpListenerException or IOException or ObjectDisposedException)
        {
            // The receiver was stopped or the client went away: either ends this answer.
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
