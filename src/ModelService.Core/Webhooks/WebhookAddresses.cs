using System.Net;

namespace ModelService.Core.Webhooks;

/// <summary>
/// Addresses a webhook may reach: none of the special-purpose blocks (<see cref="SpecialPurposeRanges"/>), in
/// either family, nor any IPv6 address that embeds an IPv4 address outside the public space.
/// </summary>
public static class WebhookAddresses
{
    public static bool IsPublic(IPAddress address) => WhyNotPublic(address) is null;

    /// <summary>The block that rules the address out, for the error message; null when it is public.</summary>
    public static string? WhyNotPublic(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 && address.ScopeId != 0)
        {
            address = new IPAddress(address.GetAddressBytes());
        }

        // The embedded IPv4 address first, so the reason names what the form would reach.
        foreach (var embedded in EmbeddedIPv4.Of(address))
        {
            if (SpecialPurposeRanges.Find(embedded) is { } inner)
            {
                return $"embeds {embedded}: {inner}";
            }
        }

        return SpecialPurposeRanges.Find(address);
    }
}
