using System.Net;
using System.Net.Sockets;

namespace ModelService.LoadTest;

/// <summary>A webhook receiver on 127.0.0.1 that accepts every connection and never answers (finding 2's receiver).</summary>
internal sealed class HangingReceiver : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly List<TcpClient> _held = [];
    private readonly Task _loop;

    public HangingReceiver()
    {
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hook");

    public int Connections
    {
        get
        {
            lock (_held)
            {
                return _held.Count;
            }
        }
    }

    public void Dispose()
    {
        _listener.Stop();
        lock (_held)
        {
            _held.ForEach(c => c.Dispose());
        }

        _ = _loop.Exception;
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            try
            {
                var client = await _listener.AcceptTcpClientAsync();
                lock (_held)
                {
                    _held.Add(client);
                }
            }
            catch (Exception exception) when (exception is SocketException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
        }
    }
}
