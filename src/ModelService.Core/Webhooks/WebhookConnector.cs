using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using ModelService.Core.Predictions;

namespace ModelService.Core.Webhooks;

/// <summary>
/// The webhook client's connect step: the host is resolved here and only public addresses are dialled, so a name
/// that resolved to a public address at submission cannot later point us inward (DNS rebinding).
/// </summary>
public sealed class WebhookConnector
{
    private readonly IWebhookHostResolver _resolver;
    private readonly PredictionOptions _options;

    public WebhookConnector(IWebhookHostResolver resolver, IOptions<PredictionOptions> options)
    {
        _resolver = resolver;
        _options = options.Value;
    }

    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host, out var literal) ? [literal] : await _resolver.ResolveAsync(host, cancellationToken);
        var allowed = addresses.Where(a => _options.AllowPrivateWebhookTargets || WebhookAddresses.IsPublic(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "The webhook host resolves only to addresses that are not allowed.");
        }

#pragma warning disable CA2000 // Disposed in the catch below; on success the NetworkStream owns it (ownsSocket: true).
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
#pragma warning restore CA2000
        try
        {
            socket.NoDelay = true;
            await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
