using System.Buffers;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Registry;

namespace ModelService.Core.Inference.V2;

/// <summary>Writes a v2 infer response: model name and version, the request's id, and each output tensor.</summary>
internal static class InferenceResponseWriter
{
    public static byte[] Write(ModelIdentity model, string? id, IReadOnlyList<TensorSpec> outputs, IReadOnlyList<OrtValue> values)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("model_name"u8, model.Name);
            writer.WriteString("model_version"u8, model.Version);
            if (id is not null)
            {
                writer.WriteString("id"u8, id);
            }

            writer.WriteStartArray("outputs"u8);
            for (var i = 0; i < outputs.Count; i++)
            {
                WriteOutput(writer, outputs[i], values[i]);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteOutput(Utf8JsonWriter writer, TensorSpec spec, OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        V2Datatype.TryGetName(info.ElementDataType, out var datatype);
        writer.WriteStartObject();
        writer.WriteString("name"u8, spec.Name);
        writer.WriteString("datatype"u8, datatype ?? spec.Datatype);
        writer.WriteStartArray("shape"u8);
        foreach (var dim in info.Shape)
        {
            writer.WriteNumberValue(dim);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("data"u8);
        TensorDataWriter.Write(writer, value, info.ElementDataType);
        writer.WriteEndObject();
    }
}
