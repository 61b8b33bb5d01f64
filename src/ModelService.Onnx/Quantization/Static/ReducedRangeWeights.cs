namespace ModelService.Onnx.Quantization.Static;

/// <summary>
/// Symmetric int8 weights with magnitudes up to a limit (64 by default, see
/// <see cref="QuantizationMethodOptions.WeightLimit"/>): scale = max|w| / limit per channel of the leading axis, or
/// one scale for the whole tensor.
/// </summary>
internal static class ReducedRangeWeights
{
    public static QuantizedWeights Quantize(float[] values, int channels, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, 127);
        var size = values.Length / channels;
        var scales = new float[channels];
        var quantized = new sbyte[values.Length];
        for (var channel = 0; channel < channels; channel++)
        {
            var slice = values.AsSpan(channel * size, size);
            var max = 0f;
            foreach (var value in slice)
            {
                max = MathF.Max(max, MathF.Abs(value));
            }

            // An all-zero channel is exact at any scale; 1 avoids dividing by zero.
            var scale = max > 0 ? max / limit : 1f;
            scales[channel] = scale;
            for (var i = 0; i < size; i++)
            {
                quantized[(channel * size) + i] = (sbyte)Math.Clamp(MathF.Round(slice[i] / scale, MidpointRounding.ToEven), -limit, limit);
            }
        }

        return new QuantizedWeights(quantized, scales);
    }
}
