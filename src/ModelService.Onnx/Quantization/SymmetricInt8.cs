namespace ModelService.Onnx.Quantization;

/// <summary>
/// Symmetric int8 weight quantization as ONNX Runtime does it for dynamic quantization: scale = max|w| / 127 and
/// zero point 0, so the range is [-127, 127]. Leaving -128 unused keeps the grid symmetric around zero.
/// </summary>
internal static class SymmetricInt8
{
    private const float Limit = 127f;

    /// <summary>Quantizes <paramref name="values"/>, where element i belongs to channel <c>channelOf(i)</c>.</summary>
    public static QuantizedWeights Quantize(float[] values, int channels, Func<int, int> channelOf)
    {
        var maxima = new float[channels];
        for (var i = 0; i < values.Length; i++)
        {
            var channel = channelOf(i);
            maxima[channel] = Math.Max(maxima[channel], Math.Abs(values[i]));
        }

        // An all-zero channel would divide by zero; any scale represents it exactly, so use 1.
        var scales = maxima.Select(max => max > 0 ? max / Limit : 1f).ToArray();
        var quantized = new sbyte[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var q = MathF.Round(values[i] / scales[channelOf(i)], MidpointRounding.ToEven);
            quantized[i] = (sbyte)Math.Clamp(q, -Limit, Limit);
        }

        return new QuantizedWeights(quantized, scales);
    }

    /// <summary>Row-major [rows, columns] weights with one channel per column (the output axis of MatMul/Gemm).</summary>
    public static QuantizedWeights QuantizeColumns(float[] values, int columns, bool perChannel) =>
        perChannel ? Quantize(values, columns, i => i % columns) : Quantize(values, 1, _ => 0);

    /// <summary>Weights whose leading axis is the output channel (Conv filters [M, C, kH, kW]).</summary>
    public static QuantizedWeights QuantizeLeadingAxis(float[] values, int channels, bool perChannel)
    {
        var perChannelSize = values.Length / channels;
        return perChannel ? Quantize(values, channels, i => i / perChannelSize) : Quantize(values, 1, _ => 0);
    }
}
