using System.Globalization;
using System.Net.Http;
using System.Text;

namespace ModelService.Core.Webhooks;

/// <summary>
/// Makes one signed delivery attempt. Only the status line and headers are read: the body is never read (the
/// handler drains at most a few KiB for connection reuse), so a receiver can neither stall nor flood us past the
/// client's short timeout. Retries are the delivery queue's, not this class's.
/// </summary>
public sealed class WebhookSender
{
    /// <summary>The named client (IHttpClientFactory) whose handler checks every connection's address.</summary>
    public const string ClientName = "webhooks";

    private readonly IHttpClientFactory _clients;
    private readonly TimeProvider _time;

    public WebhookSender(IHttpClientFactory clients, TimeProvider time)
    {
        _clients = clients;
        _time = time;
    }

    public async Task<WebhookAttempt> SendAsync(Uri target, string secret, string messageId, string body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", messageId);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", WebhookSignature.Sign(secret, messageId, timestamp, body));
        try
        {
            using var response = await _clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode ? new WebhookAttempt(true, $"delivered ({status})") : new WebhookAttempt(false, $"receiver answered {status}");
        }
        catch (HttpRequestException exception)
        {
            return new WebhookAttempt(false, $"not reachable ({exception.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(false, "timed out");
        }
    }
}
