using System.Text.Json;

namespace ModelService.Core.Inference.V2;

/// <summary>
/// Reads the structure of a v2 infer request with <see cref="Utf8JsonReader"/>: no DOM, no copy of the tensor
/// data. Unknown properties (such as <c>parameters</c>) are skipped, as the protocol allows.
/// </summary>
public static class InferenceRequestReader
{
    private const int MaxDepth = 64;

    public static InferenceRequest Read(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = MaxDepth });
        try
        {
            return ReadRequest(ref reader);
        }
        catch (JsonException exception)
        {
            throw RequestErrors.Invalid($"The request body is not valid JSON: {exception.Message}");
        }
        catch (InvalidOperationException)
        {
            // Utf8JsonReader checks a string's encoding only when it is read as text (a name, an id, a datatype).
            throw RequestErrors.Invalid("The request body is not valid JSON: a string is not valid UTF-8 or has an unpaired surrogate escape.");
        }
    }

    private static InferenceRequest ReadRequest(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "The request body must be a JSON object.");
        string? id = null;
        List<RequestInput>? inputs = null;
        var outputs = new List<string>();
        while (NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "id":
                    id = ReadOptionalString(ref reader, "'id' must be a string.");
                    break;
                case "inputs":
                    inputs = ReadArray(ref reader, "inputs", static (ref Utf8JsonReader r) => RequestInputReader.Read(ref r));
                    break;
                case "outputs":
                    outputs = ReadArray(ref reader, "outputs", static (ref Utf8JsonReader r) => ReadRequestedOutput(ref r));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        EnsureEnd(ref reader);
        return inputs is { Count: > 0 }
            ? new InferenceRequest(id, inputs, outputs)
            : throw RequestErrors.Invalid("The request has no 'inputs'.");
    }

    private static string ReadRequestedOutput(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject, "Each entry of 'outputs' must be an object.", alreadyRead: true);
        string? name = null;
        while (NextProperty(ref reader) is { } property)
        {
            if (property == "name")
            {
                name = ReadString(ref reader, "An output's 'name' must be a string.");
            }
            else
            {
                reader.Skip();
            }
        }

        return name ?? throw RequestErrors.Invalid("Each entry of 'outputs' needs a 'name'.");
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
