using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization.Static;

/// <summary>
/// Which nodes of the main graph get int8 weights and which activations get a QuantizeLinear/DequantizeLinear pair,
/// decided before calibration so that only those activations are measured. Each quantized node's activation input
/// and its output (after a ReLU that only it feeds, which ONNX Runtime then folds into the quantization) get a pair;
/// graph outputs stay float. An activation read by several nodes gets one pair. The output of a layout operator
/// (MaxPool, Reshape, Flatten, …) downstream of a pair reuses that pair's scale, and average pooling's output gets
/// its own, so ONNX Runtime runs those operators on uint8 instead of dequantizing around them. Subgraphs are left
/// in float32.
/// </summary>
internal sealed class QdqPlan
{
    private static readonly HashSet<string> Quantizable = new(StringComparer.Ordinal) { "Conv", "Gemm", "MatMul" };
    private static readonly HashSet<string> PassThrough = new(StringComparer.Ordinal) { "MaxPool", "Reshape", "Flatten", "Transpose", "Squeeze", "Unsqueeze" };

    private readonly Dictionary<string, TensorProto> _constants;

    private QdqPlan(GraphProto graph)
    {
        var inputs = graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        _constants = graph.Initializer.Where(t => !inputs.Contains(t.Name))
            .GroupBy(t => t.Name, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
    }

    public List<QdqNode> Nodes { get; } = [];

    public List<SkippedNode> Skipped { get; } = [];

    /// <summary>Activations that get a pair, in graph order; each maps to the activation whose range it uses (itself, or a pass-through's input).</summary>
    public Dictionary<string, string> Activations { get; } = new(StringComparer.Ordinal);

    public IEnumerable<string> Calibrated => Activations.Where(pair => pair.Key == pair.Value).Select(pair => pair.Key);

    public static QdqPlan Build(GraphProto graph, DynamicQuantizationOptions options)
    {
        var plan = new QdqPlan(graph);
        var outputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var consumers = graph.Node.SelectMany(n => n.Input.Where(i => i.Length > 0).Select(i => (Input: i, Node: n)))
            .ToLookup(pair => pair.Input, pair => pair.Node, StringComparer.Ordinal);
        var wanted = new List<string>();
        foreach (var node in graph.Node.Where(n => Quantizable.Contains(n.OpType) && OnnxDomains.IsDefault(n.Domain)))
        {
            var reason = plan.Check(node, options, out var quantized);
            if (quantized is null)
            {
                plan.Skipped.Add(new SkippedNode(node.Name, node.OpType, reason!));
                continue;
            }

            plan.Nodes.Add(quantized);
            wanted.Add(node.Input[0]);
            var output = node.Output[0];
            if (consumers[output].ToList() is [{ OpType: "Relu" } relu] && !outputs.Contains(output) && OnnxDomains.IsDefault(relu.Domain))
            {
                output = relu.Output[0];
            }

            if (!outputs.Contains(output))
            {
                wanted.Add(output);
            }
        }

        // Layout operators and average pooling fed by a quantized activation run on uint8 too (MaxPool, Reshape, …
        // with the input's scale; QLinearAveragePool, QLinearGlobalAveragePool with their own) when their output
        // has a pair, which spares dequantizing the feature map in between. Graph order carries this down chains.
        var reached = wanted.ToHashSet(StringComparer.Ordinal);
        foreach (var node in graph.Node.Where(n => OnnxDomains.IsDefault(n.Domain) && n.Input.Count > 0 && n.Output.Count == 1))
        {
            if ((PassThrough.Contains(node.OpType) || node.OpType is "GlobalAveragePool" or "AveragePool")
                && reached.Contains(node.Input[0]) && !outputs.Contains(node.Output[0]) && reached.Add(node.Output[0]))
            {
                wanted.Add(node.Output[0]);
            }
        }

        var producers = graph.Node.SelectMany(n => n.Output.Select(o => (Output: o, Node: n)))
            .GroupBy(pair => pair.Output, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Node, StringComparer.Ordinal);
        var set = wanted.ToHashSet(StringComparer.Ordinal);
        string Root(string tensor) =>
            producers.TryGetValue(tensor, out var producer) && PassThrough.Contains(producer.OpType) && OnnxDomains.IsDefault(producer.Domain)
                && producer.Output.Count == 1 && set.Contains(producer.Input[0])
                ? Root(producer.Input[0])
                : tensor;

        foreach (var tensor in wanted.Distinct(StringComparer.Ordinal))
        {
            plan.Activations[tensor] = Root(tensor);
        }

        return plan;
    }

    private string? Check(NodeProto node, DynamicQuantizationOptions options, out QdqNode? quantized)
    {
        quantized = null;
        if (!options.OperatorTypes.Contains(node.OpType))
        {
            return "operator type not selected";
        }

        if (options.ExcludedNodes.Contains(node.Name))
        {
            return "excluded by name";
        }

        if (node.Input.Count < 2 || _constants.ContainsKey(node.Input[0]))
        {
            return "the input is a constant, not an activation";
        }

        var weight = Float(node.Input[1]);
        var biasName = node.Input.Count > 2 ? node.Input[2] : string.Empty;
        var bias = Float(biasName);
        switch (node.OpType)
        {
            case "Conv" when weight is null || weight.Dims.Count < 3:
                return "the filters are not a constant float32 tensor";
            case "Conv" when biasName.Length > 0 && (bias is null || bias.Dims.Count != 1):
                return "the bias is not a constant float32 vector";
            case "Gemm" when NodeAttributes.Int(node, "transA", 0) != 0:
                return "transA = 1 would need the activation transposed first";
            case "Gemm" when NodeAttributes.Float(node, "alpha", 1f) != 1f || NodeAttributes.Float(node, "beta", 1f) != 1f:
                return "alpha or beta is not 1";
            case "Gemm" when biasName.Length > 0 && (bias is null || bias.Dims.Count != 1):
                return "C is not a constant float32 vector";
            case "Gemm" or "MatMul" when weight is null || weight.Dims.Count != 2:
                return "B is not a constant float32 matrix";
        }

        var channels = node.OpType == "Conv" ? (int)weight!.Dims[0] : 1;
        quantized = new QdqNode(node, weight!, node.OpType == "MatMul" ? null : bias, channels);
        return null;
    }

    private TensorProto? Float(string name) =>
        name.Length > 0 && _constants.TryGetValue(name, out var tensor) && FloatTensorData.IsFloat(tensor) ? tensor : null;
}
