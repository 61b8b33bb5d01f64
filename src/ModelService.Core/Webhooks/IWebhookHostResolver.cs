using System.Net;

namespace ModelService.Core.Webhooks;

/// <summary>Resolves a webhook's host name: at submission and again at every connection (so a rebinding name is caught).</summary>
public interface IWebhookHostResolver
{
    Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken);
}
