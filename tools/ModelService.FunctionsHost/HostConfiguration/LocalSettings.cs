using System.Text.Json;

namespace ModelService.FunctionsHost.HostConfiguration;

/// <summary>The Values of local.settings.json, which Core Tools puts into the worker's environment.</summary>
internal static class LocalSettings
{
    public static IReadOnlyDictionary<string, string> Load(string directory)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var path = Path.Combine(directory, "local.settings.json");
        if (!File.Exists(path))
        {
            return values;
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        if (document.RootElement.TryGetProperty("Values", out var section) && section.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in section.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }
        }

        return values;
    }
}
