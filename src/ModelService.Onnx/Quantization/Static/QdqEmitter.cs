using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization.Preparation;
using ModelService.Onnx.Reading;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Quantization.Static;

/// <summary>Writes a <see cref="QdqPlan"/> into a model: the activation pairs, the int8 weights and int32 biases behind DequantizeLinear.</summary>
internal sealed class QdqEmitter(ModelProto model, QdqPlan plan, IReadOnlyDictionary<string, ActivationRange> ranges, int weightLimit)
{
    private readonly GraphProto _graph = model.Graph;
    private readonly UniqueNames _names = new(model);
    private readonly Dictionary<string, (string Scale, string ZeroPoint)> _parameters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _dequantized = new(StringComparer.Ordinal);
    private readonly HashSet<string> _consumed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _padded = new(StringComparer.Ordinal);
    private readonly List<TensorProto> _added = [];

    public void Emit()
    {
        foreach (var tensor in plan.Activations.Keys)
        {
            _dequantized[tensor] = _names.Next($"{tensor}_dequantized");
        }

        var quantized = plan.Nodes.ToDictionary(n => n.Node.Name, StringComparer.Ordinal);
        var produced = _graph.Node.SelectMany(n => n.Output).ToHashSet(StringComparer.Ordinal);
        var nodes = new List<NodeProto>();
        foreach (var tensor in plan.Activations.Keys.Where(t => !produced.Contains(t)))
        {
            EmitPair(tensor, nodes);
        }

        foreach (var node in _graph.Node)
        {
            for (var i = 0; i < node.Input.Count; i++)
            {
                if (_dequantized.TryGetValue(node.Input[i], out var replacement))
                {
                    node.Input[i] = replacement;
                }
            }

            if (quantized.TryGetValue(node.Name, out var target))
            {
                var added = InputChannelPadding.Needed(node, target.Weight);
                if (added > 0)
                {
                    PadInput(node, target.Weight.Dims.Count, added, nodes);
                }

                EmitWeights(target, added, nodes);
            }

            nodes.Add(node);
            foreach (var output in node.Output.Where(plan.Activations.ContainsKey))
            {
                EmitPair(output, nodes);
            }
        }

        _graph.Node.Clear();
        _graph.Node.AddRange(nodes);
        _graph.Initializer.AddRange(_added);
        RemoveUnusedPairs();
        RemoveUnused();
    }

    /// <summary>
    /// Reads the Conv's activation through a float Pad with zero channels, quantized with the activation's own scale;
    /// Convs that read the same activation share one padded copy. The activation has the filters' rank.
    /// </summary>
    private void PadInput(NodeProto conv, int rank, int added, List<NodeProto> nodes)
    {
        var activation = Original(conv.Input[0]);
        if (_padded.TryGetValue(activation, out var shared))
        {
            conv.Input[0] = _dequantized[shared];
            return;
        }

        var padded = _names.Next($"{activation}_padded");
        var pads = Add($"{activation}_pads", OnnxTensors.Int64(string.Empty, InputChannelPadding.Pads(rank, added), 2 * rank));
        nodes.Add(Node("Pad", $"{conv.Name}_input_Pad", [activation, pads], padded));
        _padded[activation] = padded;
        plan.Activations[padded] = plan.Activations[activation];
        _dequantized[padded] = _names.Next($"{padded}_dequantized");
        EmitPair(padded, nodes);
        conv.Input[0] = _dequantized[padded];
    }

    private void EmitPair(string tensor, List<NodeProto> nodes)
    {
        var (scale, zeroPoint) = Parameters(plan.Activations[tensor]);
        var quantized = _names.Next($"{tensor}_quantized");
        nodes.Add(Node("QuantizeLinear", $"{tensor}_QuantizeLinear", [tensor, scale, zeroPoint], quantized));
        nodes.Add(Node("DequantizeLinear", $"{tensor}_DequantizeLinear", [quantized, scale, zeroPoint], _dequantized[tensor]));
    }

    private (string Scale, string ZeroPoint) Parameters(string root)
    {
        if (!_parameters.TryGetValue(root, out var names))
        {
            var range = ranges[root];
            names = (Add($"{root}_scale", OnnxTensors.Float(string.Empty, [range.Scale])), Add($"{root}_zero_point", OnnxTensors.UInt8(string.Empty, [range.ZeroPoint])));
            _parameters[root] = names;
        }

        return names;
    }

    private void EmitWeights(QdqNode target, int addedChannels, List<NodeProto> nodes)
    {
        var node = target.Node;
        var filters = FloatTensorData.Read(target.Weight);
        long[] weightDims = [.. target.Weight.Dims];
        if (addedChannels > 0)
        {
            filters = InputChannelPadding.Filters(filters, weightDims, addedChannels);
            weightDims[1] += addedChannels;
        }

        var weight = ReducedRangeWeights.Quantize(filters, target.Channels, weightLimit);
        var perChannel = target.Channels > 1;
        var dims = perChannel ? new long[] { target.Channels } : [];
        var axis = perChannel ? new[] { OnnxAttribute.Int("axis", 0) } : [];
        var weightScale = Add($"{target.Weight.Name}_scale", OnnxTensors.Float(string.Empty, weight.Scales, dims));
        var weightInputs = new[]
        {
            Add($"{target.Weight.Name}_quantized", OnnxTensors.Int8(string.Empty, weight.Values, weightDims)),
            weightScale,
            Add($"{target.Weight.Name}_zero_point", OnnxTensors.Int8(string.Empty, new sbyte[target.Channels], dims)),
        };
        var weightOutput = _names.Next($"{target.Weight.Name}_dequantized");
        nodes.Add(Node("DequantizeLinear", $"{node.Name}_weight_DequantizeLinear", weightInputs, weightOutput, axis));
        _consumed.Add(node.Input[1]);
        node.Input[1] = weightOutput;

        if (target.Bias is not { } bias)
        {
            return;
        }

        var inputScale = ranges[plan.Activations[Original(node.Input[0])]].Scale;
        var biasValues = FloatTensorData.Read(bias);
        var scales = weight.Scales.Select(s => inputScale * s).ToArray();
        var values = biasValues.Select((b, i) => (int)Math.Clamp(Math.Round(b / (double)scales[perChannel ? i : 0], MidpointRounding.ToEven), int.MinValue, int.MaxValue)).ToArray();
        var biasInputs = new[]
        {
            Add($"{bias.Name}_quantized", OnnxTensors.Create<int>(string.Empty, DataType.Int32, values, [.. bias.Dims])),
            Add($"{bias.Name}_scale", OnnxTensors.Float(string.Empty, scales, dims)),
            Add($"{bias.Name}_zero_point", OnnxTensors.Create<int>(string.Empty, DataType.Int32, new int[target.Channels], dims)),
        };
        var biasOutput = _names.Next($"{bias.Name}_dequantized");
        nodes.Add(Node("DequantizeLinear", $"{node.Name}_bias_DequantizeLinear", biasInputs, biasOutput, axis));
        _consumed.Add(node.Input[2]);
        node.Input[2] = biasOutput;
    }

    /// <summary>The activation a rewired input stands for (its DequantizeLinear output maps back to it).</summary>
    private string Original(string input) => _dequantized.FirstOrDefault(pair => pair.Value == input).Key ?? input;

    private string Add(string hint, TensorProto tensor)
    {
        tensor.Name = _names.Next(hint);
        _added.Add(tensor);
        return tensor.Name;
    }

    private NodeProto Node(string opType, string nameHint, IEnumerable<string> inputs, string output, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Name = _names.Next(nameHint) };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>A pair whose DequantizeLinear nobody reads any more (its only reader now reads a padded copy) is dropped.</summary>
    private void RemoveUnusedPairs()
    {
        var read = OnnxGraphWalker.Graphs(_graph).SelectMany(g => g.Node).SelectMany(n => n.Input)
            .Concat(_graph.Output.Select(o => o.Name))
            .ToHashSet(StringComparer.Ordinal);
        var unread = _dequantized.Values.Where(d => !read.Contains(d)).ToHashSet(StringComparer.Ordinal);
        var dequantizers = _graph.Node.Where(n => n.OpType == "DequantizeLinear" && unread.Contains(n.Output[0])).ToList();
        var quantized = dequantizers.Select(n => n.Input[0]).ToHashSet(StringComparer.Ordinal);
        var stillRead = _graph.Node.Except(dequantizers).SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        foreach (var node in dequantizers)
        {
            _graph.Node.Remove(node);
        }

        foreach (var node in _graph.Node.Where(n => n.OpType == "QuantizeLinear" && quantized.Contains(n.Output[0]) && !stillRead.Contains(n.Output[0])).ToList())
        {
            _graph.Node.Remove(node);
        }
    }

    /// <summary>Float weights now held as int8 are dropped unless another node, a subgraph or an output still reads them.</summary>
    private void RemoveUnused()
    {
        var used = OnnxGraphWalker.Graphs(_graph).SelectMany(g => g.Node).SelectMany(n => n.Input)
            .Concat(_graph.Output.Select(o => o.Name))
            .ToHashSet(StringComparer.Ordinal);
        var keep = _graph.Initializer.Where(t => !_consumed.Contains(t.Name) || used.Contains(t.Name)).ToList();
        _graph.Initializer.Clear();
        _graph.Initializer.AddRange(keep);
    }
}
