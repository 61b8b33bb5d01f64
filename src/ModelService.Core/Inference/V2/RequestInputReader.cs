using System.Text.Json;

namespace ModelService.Core.Inference.V2;

/// <summary>Reads one entry of a request's <c>inputs</c>: name, datatype, shape, and where its data lies.</summary>
internal static class RequestInputReader
{
    private const int MaxRank = 32;

    public static RequestInput Read(ref Utf8JsonReader reader)
    {
        InferenceRequestReader.Expect(ref reader, JsonTokenType.StartObject, "Each entry of 'inputs' must be an object.", alreadyRead: true);
        string? name = null, datatype = null;
        long[]? shape = null;
        (int Start, int Length)? data = null;
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
                default:
                    reader.Skip();
                    break;
            }
        }

        return Complete(name, datatype, shape, data);
    }

    private static RequestInput Complete(string? name, string? datatype, long[]? shape, (int Start, int Length)? data)
    {
        if (name is null)
        {
            throw RequestErrors.Invalid("Each entry of 'inputs' needs a 'name'.");
        }

        var missing = datatype is null ? "datatype" : shape is null ? "shape" : data is null ? "data" : null;
        return missing is null
            ? new RequestInput(name, datatype!, shape!, data!.Value.Start, data.Value.Length)
            : throw RequestErrors.Invalid($"Input '{name}' has no '{missing}'.");
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
