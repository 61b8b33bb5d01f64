using System.Net;
using System.Net.Sockets;

namespace ModelService.Core.Webhooks;

/// <summary>
/// The IPv4 addresses an IPv6 address carries: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64
/// (64:ff9b::a.b.c.d), 6to4 (2002:aabb:ccdd::/48) and Teredo (server in bits 32–63, client inverted in the last 32).
/// (:: and ::1 are themselves, not compatible forms.) A stack or relay may deliver to them, so each is checked like the IPv4 address itself.
/// </summary>
internal static class EmbeddedIPv4
{
    public static IEnumerable<IPAddress> Of(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            yield break;
        }

        var b = address.GetAddressBytes();
        var last = new IPAddress(b.AsSpan(12, 4));
        if (IsZero(b, 0, 10) && ((b[10] == 0xff && b[11] == 0xff) || (b[10] == 0 && b[11] == 0 && !IsZero(b, 12, 3))))
        {
            yield return last;
        }
        else if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b && IsZero(b, 4, 8))
        {
            yield return last;
        }
        else if (b[0] == 0x20 && b[1] == 0x02)
        {
            yield return new IPAddress(b.AsSpan(2, 4));
        }
        else if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0 && b[3] == 0)
        {
            yield return new IPAddress(b.AsSpan(4, 4));
            yield return new IPAddress([(byte)~b[12], (byte)~b[13], (byte)~b[14], (byte)~b[15]]);
        }
    }

    private static bool IsZero(byte[] bytes, int start, int count) => bytes.AsSpan(start, count).IndexOfAnyExcept((byte)0) < 0;
}
