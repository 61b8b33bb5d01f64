using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Reading;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Inspection;

/// <summary>
/// Tells how a model is quantized from the operators its graphs use (as ONNX Runtime's quantization tools
/// write them) and, for float16, from its initializers. DequantizeLinear marks the QDQ format, whether
/// activations are quantized too or only weights, unless QLinear operators use it at their boundaries.
/// </summary>
public static class QuantizationDetector
{
    private static readonly Dictionary<string, QuantizationKind> KindByOperator = new(StringComparer.Ordinal)
    {
        ["DynamicQuantizeLinear"] = QuantizationKind.DynamicInt8,
        ["MatMulInteger"] = QuantizationKind.DynamicInt8,
        ["ConvInteger"] = QuantizationKind.DynamicInt8,
        ["DynamicQuantizeMatMul"] = QuantizationKind.DynamicInt8,
        ["QLinearConv"] = QuantizationKind.QOperator,
        ["QLinearMatMul"] = QuantizationKind.QOperator,
        ["QLinearAdd"] = QuantizationKind.QOperator,
        ["QLinearMul"] = QuantizationKind.QOperator,
        ["QGemm"] = QuantizationKind.QOperator,
        ["QAttention"] = QuantizationKind.QOperator,
        ["MatMulNBits"] = QuantizationKind.WeightOnly4Bit,
        ["MatMulBnb4"] = QuantizationKind.WeightOnly4Bit,
        ["GatherBlockQuantized"] = QuantizationKind.WeightOnly4Bit,
    };

    public static QuantizationKind Detect(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var nodes = OnnxGraphWalker.Nodes(model.Graph).ToList();
        var kinds = nodes.Select(n => KindByOperator.GetValueOrDefault(n.OpType, QuantizationKind.None))
            .Where(k => k != QuantizationKind.None)
            .ToHashSet();
        if (!kinds.Contains(QuantizationKind.QOperator) && nodes.Any(n => n.OpType == "DequantizeLinear"))
        {
            kinds.Add(QuantizationKind.StaticQdq);
        }

        if (kinds.Count == 0 && IsMostlyFloat16(model))
        {
            kinds.Add(QuantizationKind.Float16);
        }

        return kinds.Count switch
        {
            0 => QuantizationKind.None,
            1 => kinds.Single(),
            _ => QuantizationKind.Mixed,
        };
    }

    private static bool IsMostlyFloat16(ModelProto model)
    {
        var floats = OnnxGraphWalker.Tensors(model.Graph)
            .Where(t => t.DataType is (int)DataType.Float or (int)DataType.Float16 or (int)DataType.Bfloat16)
            .ToList();
        return floats.Count > 0 && floats.Count(t => t.DataType != (int)DataType.Float) * 2 > floats.Count;
    }
}
