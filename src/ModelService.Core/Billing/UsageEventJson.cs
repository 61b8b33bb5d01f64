using System.Text.Json;

namespace ModelService.Core.Billing;

/// <summary>The queue message format of a usage event.</summary>
public static class UsageEventJson
{
    public static string Serialize(UsageEvent usage) => JsonSerializer.Serialize(usage, UsageJsonContext.Default.UsageEvent);

    /// <summary>Reads a message; a message that is not a usage event throws, so the queue moves it to poison.</summary>
    public static UsageEvent Parse(string message)
    {
        try
        {
            return JsonSerializer.Deserialize(message, UsageJsonContext.Default.UsageEvent)
                   ?? throw new InvalidDataException("The usage message is empty.");
        }
        catch (JsonException exception)
        {
            // The parser's own message quotes the text; only the position is logged, never message content.
            throw new InvalidDataException($"The usage message is not a usage event (invalid at line {exception.LineNumber}, byte {exception.BytePositionInLine}, path {exception.Path}).");
        }
    }
}
