using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ModelService.Core.Tests.Webhooks;

/// <summary>
/// A bare HTTP receiver on 127.0.0.1 that answers 204 to a request for any host name (HttpListener answers only
/// its own), so a test name resolved to loopback can reach it; it counts the connections it accepted.
/// </summary>
internal sealed class AnyHostReceiver : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _loop;
    private int _connections;

    public AnyHostReceiver()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public int Connections => Volatile.Read(ref _connections);

    public void Dispose()
    {
        _listener.Stop();
        _ = _loop.Exception;
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync();
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => AnswerAsync(client));
        }
    }

    private static async Task AnswerAsync(TcpClient client)
    {
        using (client)
        {
            var stream = client.GetStream();
            var buffer = new byte[16 * 1024];
            var read = 0;
            while (read < buffer.Length && !Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var n = await stream.ReadAsync(buffer.AsMemory(read));
                if (n == 0)
                {
                    return;
                }

                read += n;
            }

            await stream.WriteAsync("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"u8.ToArray());
        }
    }
}
