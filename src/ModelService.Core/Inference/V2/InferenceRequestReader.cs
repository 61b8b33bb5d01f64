using System.Text.Json;
using ModelService.Core.Errors;

namespace ModelService.Core.Inference.V2;

/// <summary>
/// Reads the structure of a v2 infer request with <see cref="Utf8JsonReader"/>: no DOM, no copy of the tensor
/// data. Unknown properties are skipped, as the protocol allows. With the binary data extension the JSON object
/// is followed by the tensors' bytes, laid out in the order of the inputs that carry <c>binary_data_size</c>.
/// </summary>
public static class InferenceRequestReader
{
    private const int MaxDepth = 64;

    public static InferenceRequest Read(ReadOnlySpan<byte> json) => Read(json, null, json.Length);

    public static InferenceRequest Read(InferenceRequestBody body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Read(body.Json.Span, body.JsonLength, body.Content.Length);
    }

    private static InferenceRequest Read(ReadOnlySpan<byte> json, int? jsonLength, int bodyLength)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        var parts = new RequestParts();
        try
        {
            Expect(ref reader, JsonTokenType.StartObject, "The request body must be a JSON object.");
            ReadProperties(ref reader, json, parts);
            EnsureEnd(ref reader);
            var request = parts.ToRequest();
            return request with { Inputs = BinaryLayout.Assign(request.Inputs, jsonLength, bodyLength) };
        }
        catch (JsonException exception)
        {
            throw WithId(RequestErrors.Invalid($"The request body is not valid JSON: {exception.Message}"), parts.Id);
        }
        catch (ModelServiceException exception) when (parts.Id is not null)
        {
            // A mistake after the id was read is still that request's: its error echoes the id.
            throw WithId(exception, parts.Id);
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader checks a string's encoding only when it is read as text (a name, an id, a datatype).
            throw RequestErrors.Invalid("The request body is not valid JSON: a string is not valid UTF-8 or has an unpaired surrogate escape.");
        }
    }

    private static ModelServiceException WithId(ModelServiceException exception, string? id)
    {
        if (id is not null)
        {
            InferenceRequestIds.Attach(exception, id);
        }

        return exception;
    }

    private static void ReadProperties(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, RequestParts parts)
    {
        while (NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "id":
                    parts.Id = ReadOptionalString(ref reader, "'id' must be a string.");
                    break;
                case "inputs":
                    parts.Inputs = ReadArray(ref reader, "inputs", static (ref Utf8JsonReader r) => RequestInputReader.Read(ref r));
                    break;
                case "outputs":
                    parts.Outputs = ReadArray(ref reader, "outputs", static (ref Utf8JsonReader r) => RequestedOutputReader.Read(ref r));
                    break;
                case "parameters":
                    parts.Parameters = RequestParametersReader.Read(ref reader, json);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }
    }

    /// <summary>What has been read so far, so a failure can still name the request's id.</summary>
    private sealed class RequestParts
    {
        public string? Id { get; set; }

        public List<RequestInput>? Inputs { get; set; }

        public List<RequestedOutput> Outputs { get; set; } = [];

        public RequestParameters Parameters { get; set; } = RequestParameters.None;

        public InferenceRequest ToRequest() => Inputs is { Count: > 0 }
            ? new InferenceRequest(Id, Inputs, Outputs) { Parameters = Parameters }
            : throw RequestErrors.Invalid("The request has no 'inputs'.");
    }

    internal delegate T ElementReader<out T>(ref Utf8JsonReader reader);

    internal static List<T> ReadArray<T>(ref Utf8JsonReader reader, string property, ElementReader<T> readElement)
    {
        Expect(ref reader, JsonTokenType.StartArray, $"'{property}' must be an array.");
        var items = new List<T>();
        while (Read(ref reader) != JsonTokenType.EndArray)
        {
            items.Add(readElement(ref reader));
        }

        return items;
    }

    /// <summary>Moves to the next property of the current object and returns its name, or null at its end.</summary>
    internal static string? NextProperty(ref Utf8JsonReader reader) =>
        Read(ref reader) == JsonTokenType.PropertyName ? reader.GetString() : null;

    internal static string ReadString(ref Utf8JsonReader reader, string error) =>
        Read(ref reader) == JsonTokenType.String ? reader.GetString()! : throw RequestErrors.Invalid(error);

    internal static string? ReadOptionalString(ref Utf8JsonReader reader, string error) => Read(ref reader) switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Null => null,
        _ => throw RequestErrors.Invalid(error),
    };

    internal static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string error, bool alreadyRead = false)
    {
        if ((alreadyRead ? reader.TokenType : Read(ref reader)) != token)
        {
            throw RequestErrors.Invalid(error);
        }
    }

    internal static bool ReadBoolean(ref Utf8JsonReader reader, string error) => Read(ref reader) switch
    {
        JsonTokenType.True => true,
        JsonTokenType.False => false,
        _ => throw RequestErrors.Invalid(error),
    };

    internal static long ReadInt64(ref Utf8JsonReader reader, long min, string error) =>
        Read(ref reader) == JsonTokenType.Number && reader.TryGetInt64(out var value) && value >= min ? value : throw RequestErrors.Invalid(error);

    internal static JsonTokenType Read(ref Utf8JsonReader reader) =>
        reader.Read() ? reader.TokenType : throw RequestErrors.Invalid("The request body ends too early.");

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw RequestErrors.Invalid("The request body has content after its JSON object.");
        }
    }
}
