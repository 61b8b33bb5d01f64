using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelService.Core.Inference.V2;

/// <summary>
/// Writes an output tensor's elements as a flat row-major JSON array. Non-finite floats become the strings
/// "NaN", "Infinity" and "-Infinity" (JSON numbers cannot carry them); the request side reads them back.
/// </summary>
internal static class TensorDataWriter
{
    public static void Write(Utf8JsonWriter writer, OrtValue value, TensorElementType elementType)
    {
        writer.WriteStartArray();
        switch (elementType)
        {
            case TensorElementType.Bool: foreach (var v in value.GetTensorDataAsSpan<bool>()) { writer.WriteBooleanValue(v); } break;
            case TensorElementType.Int8: foreach (var v in value.GetTensorDataAsSpan<sbyte>()) { writer.WriteNumberValue(v); } break;
            case TensorElementType.Int16: foreach (var v in value.GetTensorDataAsSpan<short>()) { writer.WriteNumberValue(v); } break;
            case TensorElementType.Int32: foreach (var v in value.GetTensorDataAsSpan<int>()) { writer.WriteNumberValue(v); } break;
            case TensorElementType.Int64: foreach (var v in value.GetTensorDataAsSpan<long>()) { writer.WriteNumberValue(v); } break;
            case TensorElementType.UInt8: foreach (var v in value.GetTensorDataAsSpan<byte>()) { writer.WriteNumberValue(v); } break;
            case TensorElementType.UInt16: foreach (var v in value.GetTensorDataAsSpan<ushort>()) { writer.WriteNumberValue(v); } break;
            case TensorElementType.UInt32: foreach (var v in value.GetTensorDataAsSpan<uint>()) { writer.WriteNumberValue(v); } break;
            case TensorElementType.UInt64: foreach (var v in value.GetTensorDataAsSpan<ulong>()) { writer.WriteNumberValue(v); } break;
            case TensorElementType.Float: foreach (var v in value.GetTensorDataAsSpan<float>()) { WriteFloat(writer, v); } break;
            case TensorElementType.Double: foreach (var v in value.GetTensorDataAsSpan<double>()) { WriteDouble(writer, v); } break;
            case TensorElementType.Float16: foreach (var v in value.GetTensorDataAsSpan<Float16>()) { WriteFloat(writer, (float)v); } break;
            case TensorElementType.BFloat16: foreach (var v in value.GetTensorDataAsSpan<BFloat16>()) { WriteFloat(writer, (float)v); } break;
            case TensorElementType.String: WriteStrings(writer, value); break;
            default: throw new InvalidOperationException($"Element type {elementType} has no v2 datatype.");
        }

        writer.WriteEndArray();
    }

    private static void WriteStrings(Utf8JsonWriter writer, OrtValue value)
    {
        var count = value.GetTensorTypeAndShape().ElementCount;
        for (var i = 0; i < count; i++)
        {
            writer.WriteStringValue(value.GetStringElementAsSpan(i));
        }
    }

    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(NonFinite(value));
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(NonFinite(value));
        }
    }

    private static string NonFinite(double value) =>
        double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity";
}
