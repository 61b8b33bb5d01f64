using System.Text.Json;
using ModelService.Core.Predictions;
using ModelService.Core.Tenancy;

namespace ModelService.Functions.Predictions;

/// <summary>Reads what it can of a message that could not be processed: the prediction it belongs to.</summary>
public static class PoisonedMessage
{
    public static bool TryReadIds(string message, out string tenantId, out string id, out string? model)
    {
        tenantId = id = string.Empty;
        model = null;
        try
        {
            using var document = JsonDocument.Parse(message);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("tenantId", out var tenant) && tenant.ValueKind == JsonValueKind.String
                && document.RootElement.TryGetProperty("id", out var prediction) && prediction.ValueKind == JsonValueKind.String)
            {
                (tenantId, id) = (tenant.GetString()!, prediction.GetString()!);
                model = document.RootElement.TryGetProperty("model", out var name) && name.ValueKind == JsonValueKind.String ? name.GetString() : null;
                return TenantIds.IsValid(tenantId) && PredictionIds.IsValid(id);
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: nothing to attribute it to.
        }

        return false;
    }
}
