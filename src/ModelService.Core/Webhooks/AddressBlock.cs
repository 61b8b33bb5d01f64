using System.Globalization;
using System.Net;

namespace ModelService.Core.Webhooks;

/// <summary>
/// A CIDR block compared byte by byte. (System.Net.IPNetwork treats an IPv4-mapped address as not inside
/// ::ffff:0:0/96, which is exactly the block that matters here.)
/// </summary>
internal sealed record AddressBlock(byte[] Prefix, int PrefixLength, string Name)
{
    public static AddressBlock Parse(string cidr, string name)
    {
        var slash = cidr.IndexOf('/', StringComparison.Ordinal);
        return new AddressBlock(IPAddress.Parse(cidr[..slash]).GetAddressBytes(), int.Parse(cidr[(slash + 1)..], CultureInfo.InvariantCulture), name);
    }

    public bool Contains(byte[] address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Length != Prefix.Length)
        {
            return false;
        }

        var whole = PrefixLength / 8;
        if (!address.AsSpan(0, whole).SequenceEqual(Prefix.AsSpan(0, whole)))
        {
            return false;
        }

        var rest = PrefixLength % 8;
        var mask = (byte)(0xff << (8 - rest));
        return rest == 0 || (address[whole] & mask) == (Prefix[whole] & mask);
    }
}
