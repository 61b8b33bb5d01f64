using System.Text.Json.Serialization;

namespace ModelService.Core.Billing;

/// <summary>Source-generated JSON for usage events: they are written on every call.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UsageEvent))]
internal sealed partial class UsageJsonContext : JsonSerializerContext;
