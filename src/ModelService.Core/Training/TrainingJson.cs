using System.Text.Json;
using System.Text.Json.Serialization;

namespace ModelService.Core.Training;

/// <summary>How jobs, events and messages are written: web casing, lowercase status names, no nulls.</summary>
public static class TrainingJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
