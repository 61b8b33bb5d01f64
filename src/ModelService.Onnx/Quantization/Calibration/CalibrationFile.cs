using System.Text.Json;

namespace ModelService.Onnx.Quantization.Calibration;

/// <summary>
/// Reads calibration inputs from JSON in the shape of Open Inference Protocol v2 requests, so a request file
/// used for serving works unchanged: either one request <c>{"inputs": [{"name", "datatype", "shape", "data"}]}</c>
/// or an array of them, each one batch. Datatypes: FP32, FP64, INT64, INT32, BOOL; <c>data</c> flat row-major
/// or nested.
/// </summary>
public static class CalibrationFile
{
    public static async Task<CalibrationSet> ReadAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        await using var stream = File.OpenRead(path);
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"Calibration file '{Path.GetFileName(path)}' is not valid JSON: {exception.Message}", exception);
        }

        using (document)
        {
            return FromJson(document.RootElement, Path.GetFileName(path));
        }
    }

    /// <summary>Reads calibration JSON held in memory; <paramref name="source"/> names it in reports.</summary>
    public static CalibrationSet Parse(string json, string source)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return FromJson(document.RootElement, source);
        }
        catch (JsonException exception)
        {
            throw new FormatException($"Calibration '{source}' is not valid JSON: {exception.Message}", exception);
        }
    }

    private static CalibrationSet FromJson(JsonElement root, string source)
    {
        var requests = root.ValueKind == JsonValueKind.Array ? root.EnumerateArray().ToList() : [root];
        if (requests.Count == 0)
        {
            throw new FormatException($"Calibration '{source}' holds no requests.");
        }

        return new CalibrationSet([.. requests.Select(ReadBatch)], source);
    }

    private static CalibrationBatch ReadBatch(JsonElement request)
    {
        if (request.ValueKind != JsonValueKind.Object || !request.TryGetProperty("inputs", out var inputs) || inputs.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("Each calibration request needs an \"inputs\" array, as in a v2 inference request.");
        }

        return new CalibrationBatch([.. inputs.EnumerateArray().Select(ReadTensor)]);
    }

    private static CalibrationTensor ReadTensor(JsonElement input)
    {
        var name = Text(input, "name");
        var datatype = Text(input, "datatype");
        if (!input.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"Calibration input '{name}' needs a \"shape\" array.");
        }

        var shape = shapeElement.EnumerateArray().Select(d => d.TryGetInt64(out var v) && v >= 0 ? v : throw new FormatException($"Calibration input '{name}' has a shape entry that is not a non-negative integer.")).ToArray();
        var values = input.TryGetProperty("data", out var data) ? Flatten(data).ToList() : throw new FormatException($"Calibration input '{name}' needs \"data\".");
        var expected = shape.Aggregate(1L, (product, dim) => product * dim);
        if (values.Count != expected)
        {
            throw new FormatException($"Calibration input '{name}' has {values.Count} values but shape [{string.Join(',', shape)}] needs {expected}.");
        }

        if (datatype is not ("FP32" or "FP64" or "INT64" or "INT32" or "BOOL"))
        {
            throw new FormatException($"Calibration input '{name}' has datatype '{datatype}'; use FP32, FP64, INT64, INT32 or BOOL.");
        }

        try
        {
            Array array = datatype switch
            {
                "FP32" => values.Select(v => v.GetSingle()).ToArray(),
                "FP64" => values.Select(v => v.GetDouble()).ToArray(),
                "INT64" => values.Select(v => v.GetInt64()).ToArray(),
                "INT32" => values.Select(v => v.GetInt32()).ToArray(),
                _ => values.Select(v => v.GetBoolean()).ToArray(),
            };
            return new CalibrationTensor(name, array, shape);
        }
        catch (Exception exception) when (exception is InvalidOperationException or FormatException)
        {
            throw new FormatException($"Calibration input '{name}' holds a value that is not {datatype}.", exception);
        }
    }

    private static string Text(JsonElement input, string property) =>
        input.ValueKind == JsonValueKind.Object && input.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new FormatException($"Each calibration input needs a \"{property}\" string.");

    private static IEnumerable<JsonElement> Flatten(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().SelectMany(Flatten) : [element];
}
