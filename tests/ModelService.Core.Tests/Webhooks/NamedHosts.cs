using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using ModelService.Core.Webhooks;

namespace ModelService.Core.Tests.Webhooks;

/// <summary>
/// Names that resolve to the addresses a test gives them, and can change between calls (a rebinding name). It
/// stands in for DNS, which has no test names and is not reachable from every test machine; unknown names fail as
/// DNS fails them.
/// </summary>
internal sealed class NamedHosts : IWebhookHostResolver
{
    private readonly ConcurrentDictionary<string, IPAddress[]> _names = new(StringComparer.OrdinalIgnoreCase);

    public NamedHosts Set(string host, params string[] addresses)
    {
        _names[host] = addresses.Select(IPAddress.Parse).ToArray();
        return this;
    }

    public Task<IPAddress[]> ResolveAsync(string host, CancellationToken cancellationToken) =>
        _names.TryGetValue(host, out var addresses) ? Task.FromResult(addresses) : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
}
