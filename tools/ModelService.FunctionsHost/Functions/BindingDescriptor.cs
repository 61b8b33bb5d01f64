using System.Text.Json;

namespace ModelService.FunctionsHost.Functions;

/// <summary>One binding of a function as the worker declared it (a raw binding: JSON with name, type, direction).</summary>
internal sealed class BindingDescriptor
{
    private readonly JsonElement _json;

    private BindingDescriptor(JsonElement json)
    {
        _json = json;
        Name = String("name") ?? string.Empty;
        Type = String("type") ?? string.Empty;
        IsOutput = string.Equals(String("direction"), "out", StringComparison.OrdinalIgnoreCase)
            || string.Equals(String("direction"), "inout", StringComparison.OrdinalIgnoreCase);
    }

    public string Name { get; }

    public string Type { get; }

    public bool IsOutput { get; }

    public bool IsTrigger => Type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase);

    public bool Is(string type) => string.Equals(Type, type, StringComparison.OrdinalIgnoreCase);

    public static BindingDescriptor Parse(string rawBinding)
    {
        using var document = JsonDocument.Parse(rawBinding);
        return new BindingDescriptor(document.RootElement.Clone());
    }

    /// <summary>A string property, case-insensitive like the real host's binding metadata.</summary>
    public string? String(string name) => Find(name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    public IReadOnlyList<string>? Strings(string name) => Find(name) is { ValueKind: JsonValueKind.Array } array
        ? array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).ToArray()
        : null;

    /// <summary>A value from the nested "properties" object (e.g. supportsDeferredBinding).</summary>
    public string? Property(string name) =>
        Find("properties") is { ValueKind: JsonValueKind.Object } properties && FindIn(properties, name) is { } value
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText()
            : null;

    private JsonElement? Find(string name) => FindIn(_json, name);

    private static JsonElement? FindIn(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }
}
