using System.Globalization;
using System.Text.RegularExpressions;
using ModelService.Core.Errors;
using ModelService.Core.Storage;

namespace ModelService.Core.Registry;

/// <summary>
/// The registry's alphabet. Names and aliases become blob path segments, so anything outside it (slashes, dots
/// at the start, upper case, control characters) is refused before it reaches storage.
/// </summary>
public static partial class ModelNames
{
    public const string LatestAlias = "latest";
    public const int MaxNameLength = 64;

    public static void EnsureValidName(string? name)
    {
        if (name is null || !IsValidName(name))
        {
            throw new ModelServiceException(
                ErrorCode.InvalidModelReference,
                $"Model name '{Printable(name)}' is invalid: use 1 to {MaxNameLength} lowercase letters, digits, '-', '_' or '.', starting with a letter or digit, without '..' or a trailing '.'.");
        }
    }

    public static void EnsureValidAlias(string? alias)
    {
        if (alias is null || !AliasPattern().IsMatch(alias))
        {
            throw new ModelServiceException(
                ErrorCode.InvalidModelReference,
                $"Alias '{Printable(alias)}' is invalid: use 1 to 32 lowercase letters, digits or '-', starting with a letter.");
        }
    }

    public static void EnsureSettableAlias(string alias)
    {
        EnsureValidAlias(alias);
        if (alias == LatestAlias)
        {
            throw new ModelServiceException(ErrorCode.InvalidModelReference, "'latest' always means the highest version and cannot be set.");
        }
    }

    public static int ParseVersion(string? text)
    {
        if (text is null
            || text.Length > 10
            || !text.All(char.IsAsciiDigit)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            || version < 1)
        {
            throw new ModelServiceException(
                ErrorCode.InvalidModelReference,
                $"Version '{Printable(text)}' is invalid: versions are positive integers, or 'latest'.");
        }

        return version;
    }

    /// <summary>The registry's alphabet, and a safe storage segment (so no '..' and no trailing dot).</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name) && StorageNames.IsSafeSegment(name);

    private static string Printable(string? text) =>
        text is null ? string.Empty : new string(text.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex AliasPattern();
}
