using System.Text.Json;

namespace ModelService.Core.Inference.V2;

/// <summary>Reads one entry of a request's <c>outputs</c>: its name and its <c>binary_data</c> and <c>classification</c> parameters.</summary>
internal static class RequestedOutputReader
{
    public static RequestedOutput Read(ref Utf8JsonReader reader)
    {
        InferenceRequestReader.Expect(ref reader, JsonTokenType.StartObject, "Each entry of 'outputs' must be an object.", alreadyRead: true);
        string? name = null;
        bool? binary = null;
        int? classification = null;
        while (InferenceRequestReader.NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "name":
                    name = InferenceRequestReader.ReadString(ref reader, "An output's 'name' must be a string.");
                    break;
                case "parameters":
                    (binary, classification) = ReadParameters(ref reader, name);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return name is null
            ? throw RequestErrors.Invalid("Each entry of 'outputs' needs a 'name'.")
            : new RequestedOutput(name, binary, classification);
    }

    private static (bool? Binary, int? Classification) ReadParameters(ref Utf8JsonReader reader, string? name)
    {
        InferenceRequestReader.Expect(ref reader, JsonTokenType.StartObject, $"Output '{name}': 'parameters' must be an object.");
        bool? binary = null;
        int? classification = null;
        while (InferenceRequestReader.NextProperty(ref reader) is { } property)
        {
            switch (property)
            {
                case "binary_data":
                    binary = InferenceRequestReader.ReadBoolean(ref reader, $"Output '{name}': 'binary_data' must be true or false.");
                    break;
                case "classification":
                    classification = (int)Math.Min(int.MaxValue, InferenceRequestReader.ReadInt64(ref reader, 1, $"Output '{name}': 'classification' must be a positive integer."));
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return (binary, classification);
    }
}
