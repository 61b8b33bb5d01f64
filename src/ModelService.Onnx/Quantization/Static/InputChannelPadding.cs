using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization.Static;

/// <summary>
/// Zero input channels added to a Conv whose input channel count is not a multiple of <see cref="Multiple"/> (an RGB
/// image's 3). ONNX Runtime's x86 symmetric QLinearConv kernels (MLAS <c>MlasConvSym</c>, AVX2 and AVX-512, with and
/// without VNNI) take only such counts; any other count falls back to an im2col copy and a generic integer GEMM,
/// which made the first Conv of a small CNN as slow as the next two together. A zero channel read by zero weights
/// adds nothing, so the result is unchanged: the activation gets a float Pad in front of its QuantizeLinear (zero
/// quantizes to the zero point exactly) and the filters zero weights for the new channels.
/// </summary>
internal static class InputChannelPadding
{
    public const int Multiple = 4;

    /// <summary>How many zero channels the Conv's input needs; 0 when none or when the Conv is grouped.</summary>
    public static int Needed(NodeProto conv, TensorProto filters)
    {
        if (conv.OpType != "Conv" || NodeAttributes.Int(conv, "group", 1) != 1 || filters.Dims.Count < 3)
        {
            return 0;
        }

        var channels = filters.Dims[1];
        return (int)((Multiple - (channels % Multiple)) % Multiple);
    }

    /// <summary>The filters [M, C, k…] as [M, C + <paramref name="added"/>, k…], the new channels zero.</summary>
    public static float[] Filters(float[] values, IReadOnlyList<long> dims, int added)
    {
        var outputs = (int)dims[0];
        var channels = (int)dims[1];
        var kernel = values.Length / (outputs * channels);
        var padded = new float[outputs * (channels + added) * kernel];
        for (var output = 0; output < outputs; output++)
        {
            values.AsSpan(output * channels * kernel, channels * kernel).CopyTo(padded.AsSpan(output * (channels + added) * kernel));
        }

        return padded;
    }

    /// <summary>Pad's pads input for an activation of <paramref name="rank"/> dimensions: <paramref name="added"/> at the end of axis 1 only.</summary>
    public static long[] Pads(int rank, int added)
    {
        var pads = new long[2 * rank];
        pads[rank + 1] = added;
        return pads;
    }
}
