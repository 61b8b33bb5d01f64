namespace ModelService.Core.Registry;

/// <summary>Which version of a model a caller means: a number, an alias, or the highest ("latest").</summary>
public sealed record VersionSelector
{
    private VersionSelector(int? number, string? alias)
    {
        Number = number;
        Alias = alias;
    }

    public static VersionSelector Latest { get; } = new(null, ModelNames.LatestAlias);

    public int? Number { get; }

    public string? Alias { get; }

    public bool IsLatest => Alias == ModelNames.LatestAlias;

    public static VersionSelector ForNumber(int version) =>
        version >= 1 ? new VersionSelector(version, null) : throw new ArgumentOutOfRangeException(nameof(version));

    public static VersionSelector ForAlias(string alias)
    {
        ModelNames.EnsureValidAlias(alias);
        return alias == ModelNames.LatestAlias ? Latest : new VersionSelector(null, alias);
    }

    /// <summary>Reads a version segment as clients send it: "3", "latest", or an alias name.</summary>
    public static VersionSelector Parse(string? text) =>
        text is { Length: > 0 } && char.IsAsciiDigit(text[0]) ? ForNumber(ModelNames.ParseVersion(text)) : ForAlias(text!);

    public override string ToString() => Number?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? Alias!;
}
