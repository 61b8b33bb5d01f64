using System.Security.Cryptography;
using System.Text;

namespace ModelService.Core.Tenancy;

/// <summary>
/// Key text is <c>msk_{keyId}_{secret}</c>: the key id finds the record with one point read, the 256-bit random
/// secret proves possession. Only SHA-256 of the secret is stored; with 256 random bits a fast hash is enough
/// (there is nothing to guess), and it is compared in constant time.
/// </summary>
public static class ApiKeySecret
{
    private const string Prefix = "msk_";
    private static readonly System.Buffers.SearchValues<char> LowerHex = System.Buffers.SearchValues.Create("0123456789abcdef");

    public static (string KeyId, string Text, byte[] Hash) Generate()
    {
        var keyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (keyId, $"{Prefix}{keyId}_{secret}", Hash(secret));
    }

    public static bool TryParse(string? text, out string keyId, out string secret)
    {
        keyId = secret = string.Empty;
        if (text is null || !text.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var separator = text.IndexOf('_', Prefix.Length);
        if (separator != Prefix.Length + 16 || separator == text.Length - 1)
        {
            return false;
        }

        if (!text.AsSpan(Prefix.Length, separator - Prefix.Length).ContainsAnyExcept(LowerHex))
        {
            (keyId, secret) = (text[Prefix.Length..separator], text[(separator + 1)..]);
            return true;
        }

        return false;
    }

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    public static bool Matches(string secret, byte[] storedHash) => CryptographicOperations.FixedTimeEquals(Hash(secret), storedHash);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
