using System.Text.Json;
using ModelService.Core.Errors;

namespace ModelService.Core.Predictions;

/// <summary>
/// An asynchronous request is checked for being a JSON object before it is queued, so a malformed body is a 400
/// now; everything else about it is checked when it runs, and a mismatch fails the prediction with its reason.
/// </summary>
internal static class PredictionRequestCheck
{
    public static void EnsureJsonObject(ReadOnlyMemory<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json.Span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject || !reader.TrySkip() || reader.Read())
            {
                throw Invalid();
            }
        }
        catch (JsonException exception)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, $"The request body is not valid JSON (line {exception.LineNumber}, byte {exception.BytePositionInLine}).");
        }
    }

    private static ModelServiceException Invalid() => new(ErrorCode.InvalidRequest, "The request body must be one JSON object (a v2 inference request).");
}
