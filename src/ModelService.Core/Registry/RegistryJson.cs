using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelService.Core.Registry;

/// <summary>How manifests and alias documents are written in storage and printed by the CLI.</summary>
public static class RegistryJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
