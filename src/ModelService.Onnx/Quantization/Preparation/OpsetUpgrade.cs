using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Reading;

namespace ModelService.Onnx.Quantization.Preparation;

/// <summary>
/// Raises the default-domain opset of a model to what the quantized operators need (DynamicQuantizeLinear and
/// MatMulInteger: 11; per-channel QuantizeLinear/DequantizeLinear: 13), rewriting the operators whose definition
/// changed on the way (attributes that became inputs, Softmax's axis semantics). Operators that changed in a way
/// that cannot be rewritten exactly, and operators this class does not know, refuse the raise with the node's
/// name and the reason: guessing would change what the model computes. Every graph (If branches, Loop bodies)
/// is rewritten, because the opset applies to the whole model.
/// </summary>
internal static class OpsetUpgrade
{
    /// <summary>Oldest opset raised at all: older definitions (broadcast attributes, is_test) are not rewritten.</summary>
    public const long OldestRaisable = 7;

    /// <summary>Operators whose inference semantics did not change between opset 7 and 13.</summary>
    private static readonly HashSet<string> Unchanged = new(StringComparer.Ordinal)
    {
        "Abs", "Acos", "Acosh", "Add", "And", "ArgMax", "ArgMin", "Asin", "Asinh", "Atan", "Atanh", "AveragePool",
        "BatchNormalization", "Cast", "Ceil", "Concat", "Constant", "ConstantOfShape", "Conv", "ConvTranspose", "Cos",
        "Compress", "Cosh", "CumSum", "DepthToSpace", "Div", "Einsum", "Elu", "Equal", "Erf", "Exp", "Expand", "EyeLike", "Flatten",
        "Floor", "GRU", "Gather", "GatherElements", "GatherND", "Gemm", "GlobalAveragePool", "GlobalLpPool",
        "GlobalMaxPool", "Greater", "GreaterOrEqual", "HardSigmoid", "Identity", "If", "InstanceNormalization",
        "IsInf", "IsNaN", "LRN", "LSTM", "LeakyRelu", "Less", "LessOrEqual", "Log", "Loop", "LpNormalization",
        "LpPool", "MatMul", "Max", "MaxPool", "MaxRoiPool", "Mean", "MeanVarianceNormalization", "Min", "Mod", "Mul",
        "Neg", "NonMaxSuppression", "NonZero", "Not", "OneHot", "Or", "PRelu", "Pow", "RNN", "Range", "Reciprocal",
        "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceMax", "ReduceMean", "ReduceMin",
        "ReduceProd", "ReduceSumSquare", "Relu", "Reshape", "ReverseSequence", "RoiAlign", "Round", "ScatterElements", "ScatterND", "Selu", "Shape",
        "Shrink", "Sigmoid", "Sign", "Sin", "Sinh", "Size", "Softplus", "Softsign", "SpaceToDepth", "Sqrt", "Sub",
        "Sum", "Tan", "Tanh", "ThresholdedRelu", "Tile", "Transpose", "Where", "Xor",
    };

    public static void Raise(ModelProto model, long target)
    {
        var opset = model.OpsetImport.FirstOrDefault(o => OnnxDomains.IsDefault(o.Domain));
        var current = opset?.Version ?? 1;
        if (current >= target)
        {
            return;
        }

        if (current < OldestRaisable)
        {
            throw new QuantizationException($"The model uses opset {current}; the quantized operators need opset {target}, and models older than opset {OldestRaisable} are not converted. Re-export the model with opset {target} or newer.");
        }

        var names = new UniqueNames(model);
        foreach (var graph in OnnxGraphWalker.Graphs(model.Graph).ToList())
        {
            Rewrite(graph, current, target, names);
        }

        if (opset is null)
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = target });
        }
        else
        {
            opset.Version = target;
        }

        model.IrVersion = Math.Max(model.IrVersion, IrVersionFor(target));
    }

    /// <summary>The IR version each opset was released with (onnx/helper.py's VERSION_TABLE).</summary>
    public static long IrVersionFor(long opset) => opset switch
    {
        <= 8 => 3,
        9 => 4,
        10 => 5,
        11 => 6,
        <= 14 => 7,
        <= 16 => 8,
        <= 18 => 9,
        <= 20 => 9,
        _ => 10,
    };

    private static void Rewrite(GraphProto graph, long current, long target, UniqueNames names)
    {
        var nodes = new List<NodeProto>();
        foreach (var node in graph.Node)
        {
            if (!OnnxDomains.IsDefault(node.Domain))
            {
                nodes.Add(node);
                continue;
            }

            var changes = new OpsetChange(node, graph, current, target, names);
            if (Unchanged.Contains(node.OpType))
            {
                CheckBatchNormalization(node, current, target);
                nodes.Add(node);
                continue;
            }

            var rewritten = node.OpType switch
            {
                "Clip" => changes.AttributesToInputs(11, ("min", 1, Scalar.Float), ("max", 2, Scalar.Float)),
                "Squeeze" or "Unsqueeze" or "ReduceSum" => changes.AttributesToInputs(13, ("axes", 1, Scalar.Int64List)),
                "Split" => changes.AttributesToInputs(13, ("split", 1, Scalar.Int64List)),
                "Pad" => changes.PadToInputs(),
                "Slice" => changes.SliceToInputs(),
                "Dropout" => changes.DropoutToInference(),
                "TopK" => changes.AttributesToInputs(10, ("k", 1, Scalar.Int64)),
                "Resize" when current >= 11 => [node],
                "Scan" when current >= 9 => [node],
                "Softmax" or "LogSoftmax" or "Hardmax" => changes.SoftmaxToLastAxis(),
                _ => null,
            };
            if (rewritten is null)
            {
                throw new QuantizationException($"Node '{node.Name}' ({node.OpType}) cannot be carried from opset {current} to opset {target}, which the quantized operators need: {Why(node.OpType)} Re-export the model with opset {target} or newer.");
            }

            nodes.AddRange(rewritten);
        }

        graph.Node.Clear();
        graph.Node.AddRange(nodes);
    }

    private static void CheckBatchNormalization(NodeProto node, long current, long target)
    {
        var spatial = node.Attribute.FirstOrDefault(a => a.Name == "spatial");
        if (node.OpType != "BatchNormalization" || spatial is null || current >= 9 || target < 9)
        {
            return;
        }

        if (spatial.I != 1)
        {
            throw new QuantizationException($"Node '{node.Name}' (BatchNormalization) uses spatial = 0, which opset 9 and later cannot express. Re-export the model with opset {target} or newer.");
        }

        node.Attribute.Remove(spatial);
    }

    private static string Why(string opType) => opType switch
    {
        "Upsample" => "Upsample was replaced by Resize, whose coordinate rules differ.",
        "Resize" => "Resize's coordinate transformation changed in opset 11.",
        "Scan" => "Scan's inputs changed in opset 9.",
        _ => "its definition changed, or this converter does not know the operator.",
    };
}
