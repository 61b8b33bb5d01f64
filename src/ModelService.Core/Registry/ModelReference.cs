namespace ModelService.Core.Registry;

/// <summary>A model as operators write it: <c>name</c>, <c>name:3</c>, <c>name:latest</c> or <c>name@prod</c>.</summary>
public sealed record ModelReference(string Name, VersionSelector Version)
{
    public static ModelReference Parse(string text)
    {
        var separator = text.IndexOfAny([':', '@']);
        var name = separator < 0 ? text : text[..separator];
        ModelNames.EnsureValidName(name);
        if (separator < 0)
        {
            return new ModelReference(name, VersionSelector.Latest);
        }

        var selector = text[(separator + 1)..];
        return new ModelReference(name, text[separator] == '@' ? VersionSelector.ForAlias(selector) : VersionSelector.Parse(selector));
    }

    public override string ToString() => Version.Number is null && !Version.IsLatest ? $"{Name}@{Version}" : $"{Name}:{Version}";
}
