using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization;

/// <summary>MatMul with a constant float [K, N] right-hand side → the int8 dynamic pattern. MatMuls of two
/// activations (attention scores, attention × values) have nothing constant to quantize and stay float32.</summary>
internal sealed class MatMulQuantizer : INodeQuantizer
{
    public string? TryQuantize(NodeProto node, QuantizationContext context, List<NodeProto> emitted)
    {
        if (node.Input.Count != 2 || context.FloatConstant(node.Input[1]) is not { } weight)
        {
            return "the right-hand input is not a constant float32 tensor";
        }

        if (weight.Dims.Count != 2)
        {
            return $"the weight has rank {weight.Dims.Count}; only matrices are quantized";
        }

        IntegerMatMul.Emit(context, node.Name, node.Input[0], weight.Name, FloatTensorData.Read(weight), (int)weight.Dims[1], 1f, node.Output[0], emitted);
        context.Consumed.Add(weight.Name);
        return null;
    }
}
