using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using ModelService.Core.Errors;
using ModelService.Core.Predictions;

namespace ModelService.Core.Webhooks;

/// <summary>
/// Checks a webhook URL when it is submitted: https, no credentials, and a host whose every address is public
/// (a name is resolved now). The address is checked again when connecting (<see cref="WebhookConnector"/>).
/// </summary>
public sealed class WebhookTargets
{
    private readonly IWebhookHostResolver _resolver;
    private readonly PredictionOptions _options;

    public WebhookTargets(IWebhookHostResolver resolver, IOptions<PredictionOptions> options)
    {
        _resolver = resolver;
        _options = options.Value;
    }

    public async Task<Uri> ValidateAsync(string? url, CancellationToken cancellationToken)
    {
        var uri = Parse(url, _options.AllowPrivateWebhookTargets);
        if (_options.AllowPrivateWebhookTargets)
        {
            return uri;
        }

        var host = uri.DnsSafeHost;
        foreach (var address in await AddressesAsync(uri, host, cancellationToken))
        {
            if (WebhookAddresses.WhyNotPublic(address) is { } reason)
            {
                throw Invalid($"The webhook host '{host}' is {address}, in a block that may not receive webhooks ({reason}); use a public address.");
            }
        }

        return uri;
    }

    /// <summary>The URL's form alone: absolute, https (http too where private targets are allowed), no credentials or fragment.</summary>
    public static Uri Parse(string? url, bool allowPrivate)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            throw Invalid("The webhook must be an absolute URL without credentials or fragment.");
        }

        var schemeAllowed = uri.Scheme == Uri.UriSchemeHttps || (allowPrivate && uri.Scheme == Uri.UriSchemeHttp);
        return schemeAllowed ? uri : throw Invalid("The webhook must use https.");
    }

    private async Task<IPAddress[]> AddressesAsync(Uri uri, string host, CancellationToken cancellationToken)
    {
        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        try
        {
            var addresses = await _resolver.ResolveAsync(host, cancellationToken);
            return addresses.Length > 0 ? addresses : throw Invalid($"The webhook host '{host}' has no address.");
        }
        catch (SocketException)
        {
            throw Invalid($"The webhook host '{host}' does not resolve.");
        }
    }

    private static ModelServiceException Invalid(string message) => new(ErrorCode.InvalidRequest, message);
}
