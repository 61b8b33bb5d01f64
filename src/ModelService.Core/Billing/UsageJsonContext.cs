using System.Text.Json.Serialization;

namespace ModelService.Core.Billing;

/// <summary>Source-generated JSON for usage events and batches: they are written on every call.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UsageEvent))]
[JsonSerializable(typeof(UsageBatch))]
internal sealed partial class UsageJsonContext : JsonSerializerContext;
