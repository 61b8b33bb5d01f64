using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization;

/// <summary>
/// Conv with constant filters → DynamicQuantizeLinear → ConvInteger → Cast → Mul(scale) → Add(bias). Filters are
/// uint8 with zero point 128 (see <see cref="WeightRanges"/> for why), whatever the MatMul weight range.
/// Per-channel scales and the bias are stored as [M, 1, …, 1] so they broadcast over [N, M, spatial…].
/// </summary>
internal sealed class ConvQuantizer : INodeQuantizer
{
    public string? TryQuantize(NodeProto node, QuantizationContext context, List<NodeProto> emitted)
    {
        if (node.Input.Count < 2 || context.FloatConstant(node.Input[1]) is not { } weight || weight.Dims.Count < 3)
        {
            return "the filters are not a constant float32 tensor";
        }

        var biasName = node.Input.Count > 2 ? node.Input[2] : string.Empty;
        var bias = context.FloatConstant(biasName);
        if (biasName.Length > 0 && bias is null)
        {
            return "the bias is computed at run time";
        }

        var channels = (int)weight.Dims[0];
        var broadcast = new long[weight.Dims.Count - 1];
        Array.Fill(broadcast, 1L);
        broadcast[0] = channels;

        var quantized = Int8Weights.QuantizeFilters(FloatTensorData.Read(weight), channels, context.Options.PerChannel);
        var weightQuantized = context.AddInitializer($"{weight.Name}_quantized", quantized.Tensor(weight.Name, [.. weight.Dims]));
        var weightScale = quantized.Scales.Length == 1
            ? context.AddFloat($"{weight.Name}_scale", quantized.Scales)
            : context.AddFloat($"{weight.Name}_scale", quantized.Scales, broadcast);
        context.Consumed.Add(weight.Name);

        var input = context.QuantizeActivation(node.Input[0], emitted);
        var accumulator = context.Unique($"{node.Name}_output_quantized");
        var weightZeroPoint = context.AddInitializer($"{weight.Name}_zero_point", OnnxTensors.UInt8(weight.Name, [QuantizedWeights.UnsignedZeroPoint]));
        emitted.Add(context.Node("ConvInteger", $"{node.Name}_quant", [input.Values, weightQuantized, input.ZeroPoint, weightZeroPoint], [accumulator], [.. node.Attribute.Select(a => a.Clone())]));

        var scaled = bias is null ? node.Output[0] : context.Unique($"{node.Name}_scaled");
        context.EmitRescale(node.Name, accumulator, input.Scale, weightScale, scaled, emitted);
        if (bias is not null)
        {
            var reshaped = context.AddInitializer($"{bias.Name}_reshaped", OnnxTensors.Float(bias.Name, FloatTensorData.Read(bias), broadcast));
            context.Consumed.Add(bias.Name);
            emitted.Add(context.Node("Add", $"{node.Name}_bias_add", [scaled, reshaped], [node.Output[0]]));
        }

        return null;
    }
}
