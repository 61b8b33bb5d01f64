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
    /// <summary>Writes the whole tensor as one JSON array.</summary>
    public static void Write(Utf8JsonWriter writer, OrtValue value, TensorElementType elementType)
    {
        writer.WriteStartArray();
        WriteRange(writer, value, elementType, 0, (int)value.GetTensorTypeAndShape().ElementCount);
        writer.WriteEndArray();
    }

    /// <summary>Writes elements [start, end) as array values, so a large tensor can be flushed between ranges.</summary>
    public static void WriteRange(Utf8JsonWriter writer, OrtValue value, TensorElementType elementType, int start, int end)
    {
        var n = end - start;
        switch (elementType)
        {
            case TensorElementType.Bool: foreach (var v in value.GetTensorDataAsSpan<bool>().Slice(start, n)) { writer.WriteBooleanValue(v); } break;
            case TensorElementType.Int8: foreach (var v in value.GetTensorDataAsSpan<sbyte>().Slice(start, n)) { writer.WriteNumberValue(v); } break;
            case TensorElementType.Int16: foreach (var v in value.GetTensorDataAsSpan<short>().Slice(start, n)) { writer.WriteNumberValue(v); } break;
            case TensorElementType.Int32: foreach (var v in value.GetTensorDataAsSpan<int>().Slice(start, n)) { writer.WriteNumberValue(v); } break;
            case TensorElementType.Int64: foreach (var v in value.GetTensorDataAsSpan<long>().Slice(start, n)) { writer.WriteNumberValue(v); } break;
            case TensorElementType.UInt8: foreach (var v in value.GetTensorDataAsSpan<byte>().Slice(start, n)) { writer.WriteNumberValue(v); } break;
            case TensorElementType.UInt16: foreach (var v in value.GetTensorDataAsSpan<ushort>().Slice(start, n)) { writer.WriteNumberValue(v); } break;
            case TensorElementType.UInt32: foreach (var v in value.GetTensorDataAsSpan<uint>().Slice(start, n)) { writer.WriteNumberValue(v); } break;
            case TensorElementType.UInt64: foreach (var v in value.GetTensorDataAsSpan<ulong>().Slice(start, n)) { writer.WriteNumberValue(v); } break;
            case TensorElementType.Float: foreach (var v in value.GetTensorDataAsSpan<float>().Slice(start, n)) { WriteFloat(writer, v); } break;
            case TensorElementType.Double: foreach (var v in value.GetTensorDataAsSpan<double>().Slice(start, n)) { WriteDouble(writer, v); } break;
            case TensorElementType.Float16: foreach (var v in value.GetTensorDataAsSpan<Float16>().Slice(start, n)) { WriteFloat(writer, (float)v); } break;
            case TensorElementType.BFloat16: foreach (var v in value.GetTensorDataAsSpan<BFloat16>().Slice(start, n)) { WriteFloat(writer, (float)v); } break;
            case TensorElementType.String: WriteStrings(writer, value, start, end); break;
            default: throw new InvalidOperationException($"Element type {elementType} has no v2 datatype.");
        }
    }

    /// <summary>The most bytes one element can take in JSON, with its separator; strings are counted exactly.</summary>
    public static long MaxBytes(ResponseOutput output)
    {
        if (output.ElementType == TensorElementType.String)
        {
            long total = 0;
            for (var i = 0; i < output.ElementCount; i++)
            {
                // Escaping can turn one byte into six (\u00XX); quotes and comma add three.
                total += (output.Value.GetStringElementAsSpan(i).Length * 6L) + 3;
            }

            return total;
        }

        var perElement = output.ElementType switch
        {
            TensorElementType.Bool => 6,
            TensorElementType.Int8 or TensorElementType.UInt8 => 5,
            TensorElementType.Int16 or TensorElementType.UInt16 => 7,
            TensorElementType.Int32 or TensorElementType.UInt32 => 12,
            TensorElementType.Int64 or TensorElementType.UInt64 => 21,
            TensorElementType.Double => 25,
            _ => 17,
        };
        return output.ElementCount * perElement;
    }

    private static void WriteStrings(Utf8JsonWriter writer, OrtValue value, int start, int end)
    {
        for (var i = start; i < end; i++)
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
