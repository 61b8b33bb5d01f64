using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization;

/// <summary>
/// Emits x · W for a float activation and a constant [K, N] weight as
/// DynamicQuantizeLinear(x) → MatMulInteger(xq, Wq, x_zero_point) → Cast → Mul(x_scale × W_scale).
/// The weights are int8 in the range of <see cref="DynamicQuantizationOptions.WeightRange"/> with zero point 0, so
/// MatMulInteger's b_zero_point input is left out; per-channel scales are a [N] vector that broadcasts over the last
/// axis of the result.
/// </summary>
internal static class IntegerMatMul
{
    public static void Emit(
        QuantizationContext context,
        string nameHint,
        string activation,
        string weightName,
        float[] weights,
        int columns,
        float extraScale,
        string output,
        List<NodeProto> emitted)
    {
        var rows = weights.Length / columns;
        var quantized = Int8Weights.QuantizeColumns(weights, columns, context.Options.PerChannel, context.Options.WeightRange);
        var scales = quantized.Scales.Select(scale => scale * extraScale).ToArray();

        var weightQuantized = context.AddInitializer($"{weightName}_quantized", quantized.Tensor(weightName, rows, columns));
        var weightScale = scales.Length == 1
            ? context.AddFloat($"{weightName}_scale", scales)
            : context.AddFloat($"{weightName}_scale", scales, columns);

        var input = context.QuantizeActivation(activation, emitted);
        var accumulator = context.Unique($"{nameHint}_output_quantized");
        emitted.Add(context.Node("MatMulInteger", $"{nameHint}_quant", [input.Values, weightQuantized, input.ZeroPoint], [accumulator]));
        context.EmitRescale(nameHint, accumulator, input.Scale, weightScale, output, emitted);
    }
}
