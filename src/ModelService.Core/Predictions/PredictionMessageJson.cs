using System.Text.Json;
using ModelService.Core.Tenancy;

namespace ModelService.Core.Predictions;

public static class PredictionMessageJson
{
    public static string Serialize(PredictionMessage message) => JsonSerializer.Serialize(message, PredictionJsonContext.Default.PredictionMessage);

    /// <summary>Reads a queue message; one that cannot name a prediction and its tenant throws (and goes to poison).</summary>
    public static PredictionMessage Parse(string text)
    {
        PredictionMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(text, PredictionJsonContext.Default.PredictionMessage);
        }
        catch (JsonException exception)
        {
            throw new InvalidDataException($"The message is not an inference request (invalid at line {exception.LineNumber}, byte {exception.BytePositionInLine}).");
        }

        return message is not null && PredictionIds.IsValid(message.Id) && TenantIds.IsValid(message.TenantId)
            ? message
            : throw new InvalidDataException("The message has no valid id and tenantId.");
    }
}
