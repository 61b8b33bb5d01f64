using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ModelService.Core.Predictions;

namespace ModelService.Functions.Contracts;

/// <summary>
/// <c>GET /api/predictions/{id}</c>: what a client sees of a prediction (never its webhook secret);
/// <see cref="Response"/> is the v2 inference response exactly as the sync call returns it.
/// </summary>
public sealed record PredictionResponse(
    string Id,
    PredictionState Status,
    string ModelName,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? ModelVersion,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? Error,
    string? Webhook,
    JsonElement? Response)
{
    public static PredictionResponse From(PredictionRecord record, BinaryData? result)
    {
        ArgumentNullException.ThrowIfNull(record);
        JsonElement? response = null;
        if (result is not null)
        {
            using var document = JsonDocument.Parse(result.ToMemory());
            response = document.RootElement.Clone();
        }

        return new PredictionResponse(
            record.Id,
            PredictionStates.Of(record.Status),
            record.Model,
            record.ResolvedVersion?.ToString(CultureInfo.InvariantCulture) ?? record.Version,
            record.CreatedAt,
            record.UpdatedAt,
            record.Reason,
            record.WebhookStatus,
            response);
    }
}
