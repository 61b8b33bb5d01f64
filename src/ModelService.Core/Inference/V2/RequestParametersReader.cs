using System.Text.Json;

namespace ModelService.Core.Inference.V2;

/// <summary>Reads a request's <c>parameters</c> object: the binary data extension's flag, and the rest kept verbatim.</summary>
internal static class RequestParametersReader
{
    public const string BinaryDataOutput = "binary_data_output";

    public static RequestParameters Read(ref Utf8JsonReader reader, ReadOnlySpan<byte> json)
    {
        InferenceRequestReader.Expect(ref reader, JsonTokenType.StartObject, "'parameters' must be an object.");
        var binaryOutput = false;
        var passed = new List<KeyValuePair<string, byte[]>>();
        while (InferenceRequestReader.NextProperty(ref reader) is { } property)
        {
            if (property == BinaryDataOutput)
            {
                binaryOutput = InferenceRequestReader.ReadBoolean(ref reader, $"'{BinaryDataOutput}' must be true or false.");
                continue;
            }

            InferenceRequestReader.Read(ref reader);
            var start = checked((int)reader.TokenStartIndex);
            reader.Skip();
            passed.Add(new(property, json[start..checked((int)reader.BytesConsumed)].ToArray()));
        }

        return new RequestParameters(binaryOutput, passed);
    }
}
