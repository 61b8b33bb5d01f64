using System.Buffers.Binary;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelService.Core.Inference.V2;

/// <summary>
/// Reads one input sent as binary data (little-endian, row major, no padding; BOOL one byte 0 or 1; BYTES a 4-byte
/// little-endian length before each element) into an <see cref="OrtValue"/>: fixed-size types are one copy into
/// the tensor's own memory, without parsing a number or filling an intermediate array.
/// </summary>
internal static class BinaryTensorReader
{
    public static OrtValue Read(ReadOnlySpan<byte> bytes, RequestInput input, TensorElementType elementType, int count) =>
        elementType == TensorElementType.String
            ? Strings(bytes, input, count)
            : Fixed(bytes, input, elementType, count);

    private static OrtValue Fixed(ReadOnlySpan<byte> bytes, RequestInput input, TensorElementType elementType, int count)
    {
        var needed = (long)count * TensorElementSizes.Of(elementType);
        if (bytes.Length != needed)
        {
            throw RequestErrors.Invalid($"Input '{input.Name}': binary_data_size is {bytes.Length} bytes but {count} {input.Datatype} elements take {needed}.");
        }

        if (elementType == TensorElementType.Bool && bytes.IndexOfAnyExcept((byte)0, (byte)1) is var bad and >= 0)
        {
            throw RequestErrors.Invalid($"Input '{input.Name}': element {bad} is not a valid BOOL value (binary BOOL elements are one byte, 0 or 1).");
        }

        var value = OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, elementType, input.Shape);
        bytes.CopyTo(value.GetTensorMutableRawData());
        return value;
    }

    private static OrtValue Strings(ReadOnlySpan<byte> bytes, RequestInput input, int count)
    {
        var value = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, input.Shape);
        try
        {
            FillStrings(bytes, input, value, count);
            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
    }

    private static void FillStrings(ReadOnlySpan<byte> bytes, RequestInput input, OrtValue value, int count)
    {
        var position = 0;
        for (var index = 0; index < count; index++)
        {
            if (bytes.Length - position < sizeof(uint))
            {
                throw RequestErrors.Invalid($"Input '{input.Name}': the binary data ends before the length of BYTES element {index} of {count}.");
            }

            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[position..]);
            position += sizeof(uint);
            if (length > bytes.Length - position)
            {
                throw RequestErrors.Invalid($"Input '{input.Name}': BYTES element {index} is {length} bytes long but only {bytes.Length - position} remain.");
            }

            value.StringTensorSetElementAt(bytes.Slice(position, (int)length), index);
            position += (int)length;
        }

        if (position != bytes.Length)
        {
            throw RequestErrors.Invalid($"Input '{input.Name}': {bytes.Length - position} bytes of binary data remain after its {count} BYTES elements.");
        }
    }
}
