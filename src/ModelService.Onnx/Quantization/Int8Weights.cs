namespace ModelService.Onnx.Quantization;

/// <summary>
/// Symmetric weight quantization as ONNX Runtime does it for dynamic quantization: scale = max|w| / limit and zero
/// point 0, where the limit comes from <see cref="WeightRanges"/>. Leaving −128 unused keeps the grid symmetric
/// around zero. A static quantizer calls this too, so every 8-bit weight of the project follows one saturation rule.
/// </summary>
internal static class Int8Weights
{
    /// <summary>Quantizes <paramref name="values"/>, where element i belongs to channel <c>channelOf(i)</c>, to [−limit, limit].</summary>
    public static QuantizedWeights Quantize(float[] values, int channels, Func<int, int> channelOf, int limit, bool unsigned = false)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, WeightRanges.FullLimit);
        var maxima = new float[channels];
        for (var i = 0; i < values.Length; i++)
        {
            var channel = channelOf(i);
            maxima[channel] = Math.Max(maxima[channel], Math.Abs(values[i]));
        }

        // An all-zero channel would divide by zero; any scale represents it exactly, so use 1.
        var scales = maxima.Select(max => max > 0 ? max / limit : 1f).ToArray();
        var quantized = new sbyte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var q = MathF.Round(values[i] / scales[channelOf(i)], MidpointRounding.ToEven);
            quantized[i] = (sbyte)Math.Clamp(q, -limit, limit);
        }

        return new QuantizedWeights(quantized, scales, unsigned);
    }

    /// <summary>Row-major [rows, columns] weights with one channel per column (the output axis of MatMul/Gemm), stored as int8.</summary>
    public static QuantizedWeights QuantizeColumns(float[] values, int columns, bool perChannel, WeightRange range) =>
        perChannel
            ? Quantize(values, columns, i => i % columns, WeightRanges.Limit(range))
            : Quantize(values, 1, _ => 0, WeightRanges.Limit(range));

    /// <summary>
    /// Int8 weights whose leading axis is the output channel (e.g. QLinearConv filters for a static quantizer, whose
    /// u8×s8 kernels pair products the same way), in the given range.
    /// </summary>
    public static QuantizedWeights QuantizeLeadingAxis(float[] values, int channels, bool perChannel, WeightRange range)
    {
        var perChannelSize = values.Length / channels;
        return perChannel
            ? Quantize(values, channels, i => i / perChannelSize, WeightRanges.Limit(range))
            : Quantize(values, 1, _ => 0, WeightRanges.Limit(range));
    }

    /// <summary>Conv filters [M, C, kH, kW], leading axis the output channel, stored as uint8 at full precision.</summary>
    public static QuantizedWeights QuantizeFilters(float[] values, int channels, bool perChannel)
    {
        var perChannelSize = values.Length / channels;
        return perChannel
            ? Quantize(values, channels, i => i / perChannelSize, WeightRanges.FullLimit, unsigned: true)
            : Quantize(values, 1, _ => 0, WeightRanges.FullLimit, unsigned: true);
    }
}
