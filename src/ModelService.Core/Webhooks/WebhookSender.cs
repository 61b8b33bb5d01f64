using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Predictions;

namespace ModelService.Core.Webhooks;

/// <summary>
/// Posts a signed notification, retried with back-off. Every connection is checked at connect time against the
/// address rules (a host that resolved to a public address when submitted cannot later point us inward).
/// </summary>
public sealed class WebhookSender : IDisposable
{
    private readonly HttpClient _client;
    private readonly PredictionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<WebhookSender> _logger;

    public WebhookSender(IOptions<PredictionOptions> options, TimeProvider time, ILogger<WebhookSender> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _client = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            ConnectCallback = ConnectAsync,
        })
        {
            Timeout = TimeSpan.FromSeconds(_options.WebhookTimeoutSeconds),
        };
    }

    /// <summary>Sends until the receiver answers 2xx or the attempts run out; returns what happened, for the record.</summary>
    public async Task<string> SendAsync(Uri target, string secret, string messageId, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var delay = TimeSpan.FromSeconds(_options.WebhookRetrySeconds);
        var outcome = "not sent";
        for (var attempt = 1; attempt <= _options.WebhookAttempts; attempt++)
        {
            outcome = await TryOnceAsync(target, secret, messageId, body, cancellationToken);
            if (outcome.StartsWith("delivered", StringComparison.Ordinal))
            {
                return outcome;
            }

            _logger.LogInformation("Webhook {MessageId} attempt {Attempt} failed: {Outcome}", messageId, attempt, outcome);
            if (attempt < _options.WebhookAttempts)
            {
                await Task.Delay(delay, _time, cancellationToken);
                delay *= 2;
            }
        }

        return $"failed after {_options.WebhookAttempts} attempts: {outcome}";
    }

    public void Dispose() => _client.Dispose();

    private async Task<string> TryOnceAsync(Uri target, string secret, string messageId, string body, CancellationToken cancellationToken)
    {
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, messageId, timestamp, body));
        try
        {
            using var response = await _client.SendAsync(request, cancellationToken);
            return response.IsSuccessStatusCode ? $"delivered ({(int)response.StatusCode})" : $"receiver answered {(int)response.StatusCode}";
        }
        catch (HttpRequestException exception)
        {
            return $"not reachable ({exception.HttpRequestError})";
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return "timed out";
        }
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var addresses = await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, cancellationToken);
        var allowed = addresses.Where(a => _options.AllowPrivateWebhookTargets || WebhookAddresses.IsPublic(a)).ToArray();
        if (allowed.Length == 0)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "The webhook host resolves only to addresses that are not allowed.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
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
