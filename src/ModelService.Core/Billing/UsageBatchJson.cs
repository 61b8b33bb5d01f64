using System.Text;
using System.Text.Json;

namespace ModelService.Core.Billing;

/// <summary>
/// The usage queue's message format: a versioned batch of events. A lone event (what earlier versions sent) is
/// read as a batch of one, so messages already on the queue when this version starts are still recorded.
/// </summary>
public static class UsageBatchJson
{
    /// <summary>
    /// The largest message body in UTF-8 bytes: the queue takes 64 KiB, and the Functions queue extension expects
    /// base64, which makes 3 bytes 4 characters; a little is left for the envelope.
    /// </summary>
    public const int MaxMessageBytes = (64 * 1024 / 4 * 3) - 512;

    public static string Serialize(IReadOnlyList<UsageEvent> events) =>
        JsonSerializer.Serialize(UsageBatch.Of(events), UsageJsonContext.Default.UsageBatch);

    /// <summary>Splits events into as few messages as fit, each at most <paramref name="maxEvents"/> events and <see cref="MaxMessageBytes"/>.</summary>
    public static IReadOnlyList<string> Pack(IReadOnlyList<UsageEvent> events, int maxEvents)
    {
        ArgumentNullException.ThrowIfNull(events);
        var messages = new List<string>();
        var current = new List<UsageEvent>();
        var bytes = 0;
        foreach (var usage in events)
        {
            // An event's share of the message: its JSON and a comma.
            var size = Encoding.UTF8.GetByteCount(UsageEventJson.Serialize(usage)) + 1;
            if (current.Count > 0 && (current.Count >= maxEvents || bytes + size > MaxMessageBytes - 64))
            {
                messages.Add(Serialize(current));
                current = [];
                bytes = 0;
            }

            current.Add(usage);
            bytes += size;
        }

        if (current.Count > 0)
        {
            messages.Add(Serialize(current));
        }

        return messages;
    }

    /// <summary>Reads a message; one that is neither a batch nor an event throws, so the queue moves it to poison.</summary>
    public static IReadOnlyList<UsageEvent> Parse(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        try
        {
            using var document = JsonDocument.Parse(message);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("schema", out var schema))
            {
                if (schema.ValueKind != JsonValueKind.String || schema.GetString() != UsageBatch.CurrentSchema)
                {
                    throw new InvalidDataException($"The usage message has schema {schema.GetRawText()}, not \"{UsageBatch.CurrentSchema}\".");
                }

                var batch = document.RootElement.Deserialize(UsageJsonContext.Default.UsageBatch);
                return batch?.Events ?? throw new InvalidDataException("The usage batch has no events.");
            }
        }
        catch (JsonException exception)
        {
            // The parser's own message quotes the text; only the position is logged, never message content.
            throw new InvalidDataException($"The usage message is not JSON (invalid at line {exception.LineNumber}, byte {exception.BytePositionInLine}).");
        }

        return [UsageEventJson.Parse(message)];
    }
}
