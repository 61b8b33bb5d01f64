namespace ModelService.Onnx.Quantization;

/// <summary>
/// The int8 weight quantizer under its earlier name, for callers written before issue 11 (a static quantizer):
/// it now applies the saturation rule, the reduced range [−64, 64], so whatever calls it stays exact on every CPU.
/// New code calls <see cref="Int8Weights"/> with a <see cref="WeightRange"/>.
/// </summary>
internal static class SymmetricInt8
{
    public static QuantizedWeights Quantize(float[] values, int channels, Func<int, int> channelOf) =>
        Int8Weights.Quantize(values, channels, channelOf, WeightRanges.ReducedLimit);

    public static QuantizedWeights QuantizeColumns(float[] values, int columns, bool perChannel) =>
        Int8Weights.QuantizeColumns(values, columns, perChannel, WeightRange.Reduced);

    public static QuantizedWeights QuantizeLeadingAxis(float[] values, int channels, bool perChannel) =>
        Int8Weights.QuantizeLeadingAxis(values, channels, perChannel, WeightRange.Reduced);
}
