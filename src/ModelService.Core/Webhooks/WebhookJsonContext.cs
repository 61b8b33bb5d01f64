using System.Text.Json.Serialization;

namespace ModelService.Core.Webhooks;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(WebhookDelivery))]
internal sealed partial class WebhookJsonContext : JsonSerializerContext;
