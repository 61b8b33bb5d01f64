using System.Net;

namespace ModelService.Core.Webhooks;

/// <summary>
/// Every block of the IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890 and its updates), multicast,
/// and the cloud metadata and platform addresses that sit outside them. None of these is a webhook receiver's
/// home: even the registry's "globally reachable" entries are anycast services (AS112, AMT, TURN), not receivers.
/// </summary>
internal static class SpecialPurposeRanges
{
    public static IReadOnlyList<AddressBlock> All { get; } =
    [
        // IPv4 special-purpose registry
        Range("0.0.0.0/8", "this network"),
        Range("10.0.0.0/8", "private"),
        Range("100.64.0.0/10", "shared (carrier-grade NAT)"),
        Range("127.0.0.0/8", "loopback"),
        Range("169.254.0.0/16", "link-local"),
        Range("172.16.0.0/12", "private"),
        Range("192.0.0.0/24", "IETF protocol assignments"),
        Range("192.0.2.0/24", "documentation (TEST-NET-1)"),
        Range("192.31.196.0/24", "AS112"),
        Range("192.52.193.0/24", "AMT"),
        Range("192.88.99.0/24", "6to4 relay anycast"),
        Range("192.168.0.0/16", "private"),
        Range("192.175.48.0/24", "AS112 direct delegation"),
        Range("198.18.0.0/15", "benchmarking"),
        Range("198.51.100.0/24", "documentation (TEST-NET-2)"),
        Range("203.0.113.0/24", "documentation (TEST-NET-3)"),
        Range("224.0.0.0/4", "multicast"),
        Range("240.0.0.0/4", "reserved"),
        Range("255.255.255.255/32", "limited broadcast"),

        // Cloud platforms outside those blocks (169.254.169.254 and fd00:ec2::254 are inside them, named for clarity)
        Range("169.254.169.254/32", "cloud instance metadata"),
        Range("168.63.129.16/32", "Azure platform (WireServer)"),
        Range("fd00:ec2::254/128", "AWS instance metadata"),

        // IPv6 special-purpose registry
        Range("::/128", "unspecified"),
        Range("::1/128", "loopback"),
        Range("::/96", "IPv4-compatible (deprecated)"),
        Range("::ffff:0:0/96", "IPv4-mapped"),
        Range("64:ff9b::/96", "NAT64 well-known prefix"),
        Range("64:ff9b:1::/48", "NAT64 local use"),
        Range("100::/64", "discard-only"),
        Range("100:0:0:1::/64", "dummy prefix"),
        Range("2001::/23", "IETF protocol assignments"),
        Range("2001::/32", "Teredo"),
        Range("2001:db8::/32", "documentation"),
        Range("2002::/16", "6to4"),
        Range("2620:4f:8000::/48", "AS112 direct delegation"),
        Range("3fff::/20", "documentation"),
        Range("5f00::/16", "SRv6 SIDs"),
        Range("fc00::/7", "unique local"),
        Range("fe80::/10", "link-local"),
        Range("fec0::/10", "site-local (deprecated)"),
        Range("ff00::/8", "multicast"),
    ];

    /// <summary>The most specific block that holds the address, or null.</summary>
    public static string? Find(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        AddressBlock? found = null;
        foreach (var block in All)
        {
            if (block.PrefixLength > (found?.PrefixLength ?? -1) && block.Contains(bytes))
            {
                found = block;
            }
        }

        return found?.Name;
    }

    private static AddressBlock Range(string cidr, string name) => AddressBlock.Parse(cidr, name);
}
