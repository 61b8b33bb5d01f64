using System.Buffers;
using System.Buffers.Binary;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelService.Core.Inference.V2;

/// <summary>
/// Writes an output as binary data (the layout <see cref="BinaryTensorReader"/> reads): fixed-size elements copied
/// from the tensor's memory in slices, BYTES elements each behind a 4-byte little-endian length.
/// </summary>
internal static class BinaryTensorWriter
{
    private const int SliceBytes = 256 * 1024;

    public static long SizeOf(ResponseOutput output)
    {
        if (output.ElementType != TensorElementType.String)
        {
            return output.ElementCount * TensorElementSizes.Of(output.ElementType);
        }

        long size = 0;
        for (var i = 0; i < output.ElementCount; i++)
        {
            size += sizeof(uint) + output.Value.GetStringElementAsSpan(i).Length;
        }

        return size;
    }

    /// <summary>Writes the elements from <paramref name="position"/> (a byte offset, or an element index for BYTES) up to about one slice; returns the next position, or -1 at the end.</summary>
    public static long WriteSlice(IBufferWriter<byte> writer, ResponseOutput output, long position)
    {
        return output.ElementType == TensorElementType.String
            ? WriteStrings(writer, output, (int)position)
            : WriteFixed(writer, output, position);
    }

    private static long WriteFixed(IBufferWriter<byte> writer, ResponseOutput output, long position)
    {
        var raw = output.Value.GetTensorMutableRawData();
        var length = (int)Math.Min(SliceBytes, raw.Length - position);
        raw.Slice((int)position, length).CopyTo(writer.GetSpan(length));
        writer.Advance(length);
        position += length;
        return position < raw.Length ? position : -1;
    }

    private static long WriteStrings(IBufferWriter<byte> writer, ResponseOutput output, int index)
    {
        var written = 0;
        for (; index < output.ElementCount && written < SliceBytes; index++)
        {
            var element = output.Value.GetStringElementAsSpan(index);
            var span = writer.GetSpan(sizeof(uint) + element.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)element.Length);
            element.CopyTo(span[sizeof(uint)..]);
            writer.Advance(sizeof(uint) + element.Length);
            written += sizeof(uint) + element.Length;
        }

        return index < output.ElementCount ? index : -1;
    }
}
