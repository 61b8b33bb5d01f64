using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization;

/// <summary>
/// MatMul with a constant [K, N] weight → com.microsoft MatMulNBits: 4-bit block-wise weights with zero points,
/// float activations. Only worth it for wide layers; narrower ones fall through to the int8 rule.
/// </summary>
internal sealed class MatMulNBitsQuantizer : INodeQuantizer
{
    private const int Bits = 4;

    public string? TryQuantize(NodeProto node, QuantizationContext context, List<NodeProto> emitted)
    {
        if (node.Input.Count != 2 || context.FloatConstant(node.Input[1]) is not { } weight || weight.Dims.Count != 2)
        {
            return "the right-hand input is not a constant float32 matrix";
        }

        var (rows, columns) = ((int)weight.Dims[0], (int)weight.Dims[1]);
        if (rows < context.Options.WeightOnly4BitMinimumK)
        {
            return $"K = {rows} is below the 4-bit minimum of {context.Options.WeightOnly4BitMinimumK}";
        }

        var blockSize = context.Options.WeightOnly4BitBlockSize;
        var quantized = BlockQuantized4Bit.Quantize(FloatTensorData.Read(weight), rows, columns, blockSize);
        var packed = context.AddInitializer($"{weight.Name}_Q4", OnnxTensors.UInt8(weight.Name, quantized.PackedWeights, columns, quantized.BlocksPerColumn, blockSize * Bits / 8));
        var scales = context.AddFloat($"{weight.Name}_scales", quantized.Scales, quantized.Scales.Length);
        var zeroPoints = context.AddInitializer($"{weight.Name}_zero_points", OnnxTensors.UInt8(weight.Name, quantized.PackedZeroPoints, quantized.PackedZeroPoints.Length));
        context.Consumed.Add(weight.Name);
        context.UsesMicrosoftDomain = true;

        emitted.Add(context.Node(
            "MatMulNBits",
            OnnxDomains.Microsoft,
            $"{node.Name}_Q4",
            [node.Input[0], packed, scales, zeroPoints],
            [node.Output[0]],
            OnnxAttribute.Int("K", rows),
            OnnxAttribute.Int("N", columns),
            OnnxAttribute.Int("bits", Bits),
            OnnxAttribute.Int("block_size", blockSize)));
        return null;
    }
}
