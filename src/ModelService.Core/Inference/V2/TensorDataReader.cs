using System.Text;
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelService.Core.Inference.V2;

/// <summary>
/// Parses one input's <c>data</c> (flat row-major, or nested arrays, or a bare scalar) straight into an
/// <see cref="OrtValue"/> of the checked datatype and shape. The element count must equal the shape's.
/// </summary>
internal static class TensorDataReader
{
    public static OrtValue Read(ReadOnlySpan<byte> data, RequestInput request, TensorElementType elementType, int count) =>
        Read(data, request.Name, request.Datatype, elementType, request.Shape, count);

    private static OrtValue Read(ReadOnlySpan<byte> data, string input, string datatype, TensorElementType elementType, long[] shape, int count) => elementType switch
    {
        TensorElementType.Bool => Numeric(data, input, datatype, shape, count, ElementParsers.Bool),
        TensorElementType.Int8 => Numeric(data, input, datatype, shape, count, ElementParsers.Int8),
        TensorElementType.Int16 => Numeric(data, input, datatype, shape, count, ElementParsers.Int16),
        TensorElementType.Int32 => Numeric(data, input, datatype, shape, count, ElementParsers.Int32),
        TensorElementType.Int64 => Numeric(data, input, datatype, shape, count, ElementParsers.Int64),
        TensorElementType.UInt8 => Numeric(data, input, datatype, shape, count, ElementParsers.UInt8),
        TensorElementType.UInt16 => Numeric(data, input, datatype, shape, count, ElementParsers.UInt16),
        TensorElementType.UInt32 => Numeric(data, input, datatype, shape, count, ElementParsers.UInt32),
        TensorElementType.UInt64 => Numeric(data, input, datatype, shape, count, ElementParsers.UInt64),
        TensorElementType.Float16 => Numeric(data, input, datatype, shape, count, ElementParsers.Float16),
        TensorElementType.BFloat16 => Numeric(data, input, datatype, shape, count, ElementParsers.BFloat16),
        TensorElementType.Float => Numeric(data, input, datatype, shape, count, ElementParsers.Float32),
        TensorElementType.Double => Numeric(data, input, datatype, shape, count, ElementParsers.Float64),
        TensorElementType.String => Strings(data, input, shape, count),
        _ => throw new InvalidOperationException($"Element type {elementType} has no v2 datatype."),
    };

    private static OrtValue Numeric<T>(ReadOnlySpan<byte> data, string input, string datatype, long[] shape, int count, ElementParser<T> parse)
        where T : unmanaged
    {
        var values = new T[count];
        var reader = new Utf8JsonReader(data);
        var index = 0;
        while (NextElement(ref reader, input))
        {
            EnsureRoom(index, count, input);
            if (!parse(ref reader, out values[index]))
            {
                throw RequestErrors.Invalid($"Input '{input}': element {index} is not a valid {datatype} value.");
            }

            index++;
        }

        EnsureComplete(index, count, input);
        return OrtValue.CreateTensorValueFromMemory(values, shape);
    }

    private static OrtValue Strings(ReadOnlySpan<byte> data, string input, long[] shape, int count)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, shape);
        try
        {
            FillStrings(data, input, value, count);
            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    private static void FillStrings(ReadOnlySpan<byte> data, string input, OrtValue value, int count)
    {
        var reader = new Utf8JsonReader(data);
        var index = 0;
        while (NextElement(ref reader, input))
        {
            EnsureRoom(index, count, input);
            if (reader.TokenType != JsonTokenType.String)
            {
                throw RequestErrors.Invalid($"Input '{input}': element {index} is not a string (BYTES elements are JSON strings).");
            }

            if (reader.ValueIsEscaped)
            {
                value.StringTensorSetElementAt(Encoding.UTF8.GetBytes(Unescape(ref reader, input, index)), index);
            }
            else
            {
                value.StringTensorSetElementAt(reader.ValueSpan, index);
            }

            index++;
        }

        EnsureComplete(index, count, input);
    }

    private static string Unescape(ref Utf8JsonReader reader, string input, int index)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw RequestErrors.Invalid($"Input '{input}': element {index} is not valid text (invalid UTF-8 or an unpaired surrogate escape).");
        }
    }

    /// <summary>Advances to the next element value, flattening nested arrays in row-major order.</summary>
    private static bool NextElement(ref Utf8JsonReader reader, string input)
    {
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                case JsonTokenType.EndArray:
                    continue;
                case JsonTokenType.StartObject:
                    throw RequestErrors.Invalid($"Input '{input}': 'data' must hold values or arrays of values, not objects.");
                default:
                    return true;
            }
        }

        return false;
    }

    private static void EnsureRoom(int index, int count, string input)
    {
        if (index >= count)
        {
            throw RequestErrors.Invalid($"Input '{input}': 'data' has more elements than its shape's {count}.");
        }
    }

    private static void EnsureComplete(int index, int count, string input)
    {
        if (index != count)
        {
            throw RequestErrors.Invalid($"Input '{input}': 'data' has {index} elements but its shape needs {count}.");
        }
    }
}
