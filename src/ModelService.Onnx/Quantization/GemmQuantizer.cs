using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization;

/// <summary>
/// Gemm (Y = alpha · A · op(B) + beta · C) with a constant B → the int8 dynamic pattern plus an Add for C.
/// transB is applied to the stored weights, alpha is folded into the weight scale and beta into a constant C.
/// </summary>
internal sealed class GemmQuantizer : INodeQuantizer
{
    public string? TryQuantize(NodeProto node, QuantizationContext context, List<NodeProto> emitted)
    {
        if (NodeAttributes.Int(node, "transA", 0) != 0)
        {
            return "transA = 1 would need the activation transposed first";
        }

        if (node.Input.Count < 2 || context.FloatConstant(node.Input[1]) is not { } weight || weight.Dims.Count != 2)
        {
            return "B is not a constant float32 matrix";
        }

        var alpha = NodeAttributes.Float(node, "alpha", 1f);
        var beta = NodeAttributes.Float(node, "beta", 1f);
        var biasName = node.Input.Count > 2 ? node.Input[2] : string.Empty;
        var constantBias = context.FloatConstant(biasName);
        if (biasName.Length > 0 && constantBias is null && beta != 1f)
        {
            return "C is computed at run time and beta is not 1";
        }

        var transposed = NodeAttributes.Int(node, "transB", 0) != 0;
        var (rows, columns) = transposed ? ((int)weight.Dims[1], (int)weight.Dims[0]) : ((int)weight.Dims[0], (int)weight.Dims[1]);
        var values = FloatTensorData.Read(weight);
        if (transposed)
        {
            values = Transpose(values, columns, rows);
        }

        var product = biasName.Length > 0 ? context.Unique($"{node.Name}_product") : node.Output[0];
        IntegerMatMul.Emit(context, node.Name, node.Input[0], weight.Name, values, columns, alpha, product, emitted);
        context.Consumed.Add(weight.Name);

        if (biasName.Length > 0)
        {
            var bias = biasName;
            if (constantBias is not null)
            {
                var scaled = FloatTensorData.Read(constantBias).Select(value => value * beta).ToArray();
                bias = context.AddInitializer(constantBias.Name, OnnxTensors.Float(constantBias.Name, scaled, [.. constantBias.Dims]));
                context.Consumed.Add(constantBias.Name);
            }

            emitted.Add(context.Node("Add", $"{node.Name}_bias_add", [product, bias], [node.Output[0]]));
        }

        return null;
    }

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }
}
