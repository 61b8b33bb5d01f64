using ModelService.Core.Errors;

namespace ModelService.Core.Webhooks;

/// <summary>Checks a webhook URL when it is submitted; the address it resolves to is checked again when connecting.</summary>
public static class WebhookTargets
{
    public static Uri Validate(string? url, bool allowPrivate)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0 || uri.Fragment.Length > 0)
        {
            throw Invalid("The webhook must be an absolute URL without credentials or fragment.");
        }

        var schemeAllowed = uri.Scheme == Uri.UriSchemeHttps || (allowPrivate && uri.Scheme == Uri.UriSchemeHttp);
        if (!schemeAllowed)
        {
            throw Invalid("The webhook must use https.");
        }

        if (!allowPrivate && (uri.IsLoopback || (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 && !WebhookAddresses.IsPublic(System.Net.IPAddress.Parse(uri.IdnHost.Trim('[', ']'))))))
        {
            throw Invalid("The webhook may not target loopback, private or link-local addresses.");
        }

        return uri;
    }

    private static ModelServiceException Invalid(string message) => new(ErrorCode.InvalidRequest, message);
}
