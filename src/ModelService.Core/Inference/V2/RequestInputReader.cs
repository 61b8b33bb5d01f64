using System.Text.Json;

namespace ModelService.Core.Inference.V2;

/// <summary>
/// Reads one entry of a request's <c>inputs</c>: name, datatype, shape, and where its data lies: a JSON
/// <c>data</c> value, or <c>parameters.binary_data_size</c> bytes after the JSON object (placed by <see cref="BinaryLayout"/>).
/// </summary>
internal static class RequestInputReader
{
    private const int MaxRank = 32;

    public static RequestInput Read(ref Utf8JsonReader reader)
    {
        InferenceRequestReader.Expect(ref reader, JsonTokenType.StartObject, "Each entry of 'inputs' must be an object.", alreadyRead: true);
        string? name = null, datatype = null;
        long[]? shape = null;
        (int Start, int Length)? data = null;
        long? binarySize = null;
        while (InferenceRequestReader.NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "name":
                    name = InferenceRequestReader.ReadString(ref reader, "An input's 'name' must be a string.");
                    break;
                case "datatype":
                    datatype = InferenceRequestReader.ReadString(ref reader, $"Input '{name}': 'datatype' must be a string.");
                    break;
                case "shape":
                    shape = ReadShape(ref reader, name);
                    break;
                case "data":
                    data = LocateData(ref reader);
                    break;
                case "parameters":
                    binarySize = ReadBinaryDataSize(ref reader, name);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return Complete(name, datatype, shape, data, binarySize);
    }

    private static RequestInput Complete(string? name, string? datatype, long[]? shape, (int Start, int Length)? data, long? binarySize)
    {
        if (name is null)
        {
            throw RequestErrors.Invalid("Each entry of 'inputs' needs a 'name'.");
        }

        if (data is not null && binarySize is not null)
        {
            throw RequestErrors.Invalid($"Input '{name}' has both 'data' and parameters.binary_data_size; send one of them.");
        }

        var missing = datatype is null ? "datatype" : shape is null ? "shape" : data is null && binarySize is null ? "data" : null;
        if (missing is not null)
        {
            throw RequestErrors.Invalid($"Input '{name}' has no '{missing}'{(missing == "data" ? " (nor parameters.binary_data_size)" : "")}.");
        }

        return binarySize is { } size
            ? new RequestInput(name, datatype!, shape!, 0, checked((int)size), IsBinary: true)
            : new RequestInput(name, datatype!, shape!, data!.Value.Start, data.Value.Length);
    }

    /// <summary>An input's <c>parameters</c>: only <c>binary_data_size</c> means something here; others are skipped.</summary>
    private static long? ReadBinaryDataSize(ref Utf8JsonReader reader, string? name)
    {
        InferenceRequestReader.Expect(ref reader, JsonTokenType.StartObject, $"Input '{name}': 'parameters' must be an object.");
        long? size = null;
        while (InferenceRequestReader.NextProperty(ref reader) is { } property)
        {
            if (property == "binary_data_size")
            {
                size = InferenceRequestReader.ReadInt64(ref reader, 0, $"Input '{name}': 'binary_data_size' must be a non-negative integer.");
                if (size > int.MaxValue)
                {
                    throw RequestErrors.TooLarge($"Input '{name}': binary_data_size {size} is over the request's byte limit.");
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return size;
    }

    private static long[] ReadShape(ref Utf8JsonReader reader, string? name)
    {
        var dims = InferenceRequestReader.ReadArray(ref reader, "shape", (ref Utf8JsonReader r) =>
            r.TokenType == JsonTokenType.Number && r.TryGetInt64(out var dim) && dim >= 0
                ? dim
                : throw RequestErrors.Invalid($"Input '{name}': 'shape' must hold non-negative integers."));
        return dims.Count <= MaxRank
            ? [.. dims]
            : throw RequestErrors.Invalid($"Input '{name}': a shape has at most {MaxRank} dimensions.");
    }

    /// <summary>Skips the data value, remembering its byte range for <see cref="TensorDataReader"/>.</summary>
    private static (int Start, int Length) LocateData(ref Utf8JsonReader reader)
    {
        InferenceRequestReader.Read(ref reader);
        var start = checked((int)reader.TokenStartIndex);
        reader.Skip();
        return (start, checked((int)reader.BytesConsumed) - start);
    }
}
