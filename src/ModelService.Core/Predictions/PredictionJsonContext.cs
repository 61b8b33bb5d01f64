using System.Text.Json.Serialization;

namespace ModelService.Core.Predictions;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PredictionMessage))]
internal sealed partial class PredictionJsonContext : JsonSerializerContext;
