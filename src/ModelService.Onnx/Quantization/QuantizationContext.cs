using ModelService.Onnx.Building;
using ModelService.Onnx.Reading;
using ModelService.Onnx.Protobuf;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Quantization;

/// <summary>
/// What the node rewrite rules share while one graph is rewritten: constant lookup, fresh names, new
/// initializers, and the quantized form of each activation, so an activation read by several layers is
/// quantized once (as ONNX Runtime does).
/// </summary>
internal sealed class QuantizationContext
{
    private readonly Dictionary<string, TensorProto> _initializers;
    private readonly HashSet<string> _names;
    private readonly Dictionary<string, QuantizedActivation> _activations = new(StringComparer.Ordinal);

    public QuantizationContext(ModelProto model, DynamicQuantizationOptions options)
    {
        Options = options;
        Graph = model.Graph;

        // From IR 4 on, an initializer that is also a graph input is only a default the caller may override,
        // so it is not a constant and must not be baked into quantized weights.
        var inputs = Graph.Input.Select(input => input.Name).ToHashSet(StringComparer.Ordinal);
        var overridable = model.IrVersion >= 4 ? inputs : [];
        _initializers = Graph.Initializer
            .Where(tensor => !overridable.Contains(tensor.Name))
            .GroupBy(tensor => tensor.Name, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last(), StringComparer.Ordinal);

        _names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var graph in OnnxGraphWalker.Graphs(model.Graph))
        {
            _names.UnionWith(graph.Input.Select(v => v.Name));
            _names.UnionWith(graph.Output.Select(v => v.Name));
            _names.UnionWith(graph.Initializer.Select(t => t.Name));
            _names.UnionWith(graph.Node.SelectMany(n => n.Output));
            _names.UnionWith(graph.Node.Select(n => n.Name));
        }
    }

    public DynamicQuantizationOptions Options { get; }

    public GraphProto Graph { get; }

    /// <summary>Initializers whose values were folded into quantized ones; removed at the end if nothing else reads them.</summary>
    public HashSet<string> Consumed { get; } = new(StringComparer.Ordinal);

    public List<TensorProto> AddedInitializers { get; } = [];

    public bool UsesMicrosoftDomain { get; set; }

    /// <summary>A float32 initializer that cannot be overridden at run time, or null.</summary>
    public TensorProto? FloatConstant(string name) =>
        name.Length > 0 && _initializers.TryGetValue(name, out var tensor) && FloatTensorData.IsFloat(tensor) ? tensor : null;

    public string Unique(string hint)
    {
        var name = hint;
        for (var suffix = 1; !_names.Add(name); suffix++)
        {
            name = $"{hint}_{suffix}";
        }

        return name;
    }

    public string AddInitializer(string hint, TensorProto tensor)
    {
        tensor.Name = Unique(hint);
        AddedInitializers.Add(tensor);
        return tensor.Name;
    }

    public string AddFloat(string hint, float[] values, params long[] dims) => AddInitializer(hint, OnnxTensors.Float(hint, values, dims));

    public NodeProto Node(string opType, string nameHint, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes) =>
        Node(opType, string.Empty, nameHint, inputs, outputs, attributes);

    public NodeProto Node(string opType, string domain, string nameHint, IEnumerable<string> inputs, IEnumerable<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Domain = domain, Name = Unique(nameHint) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        return node;
    }

    /// <summary>The uint8 form of a float activation, emitting DynamicQuantizeLinear the first time it is asked for.</summary>
    public QuantizedActivation QuantizeActivation(string activation, List<NodeProto> emitted)
    {
        if (_activations.TryGetValue(activation, out var existing))
        {
            return existing;
        }

        var quantized = new QuantizedActivation(
            Unique($"{activation}_quantized"),
            Unique($"{activation}_scale"),
            Unique($"{activation}_zero_point"));
        emitted.Add(Node("DynamicQuantizeLinear", $"{activation}_DynamicQuantizeLinear", [activation], [quantized.Values, quantized.Scale, quantized.ZeroPoint]));
        _activations[activation] = quantized;
        return quantized;
    }

    /// <summary>int32 accumulator → float, times activation scale × weight scale: the dequantization tail shared by all rules.</summary>
    public void EmitRescale(string nameHint, string accumulator, string activationScale, string weightScale, string output, List<NodeProto> emitted)
    {
        var asFloat = Unique($"{nameHint}_output_float");
        var combinedScale = Unique($"{nameHint}_combined_scale");
        emitted.Add(Node("Cast", $"{nameHint}_cast", [accumulator], [asFloat], OnnxAttribute.Int("to", (long)DataType.Float)));
        emitted.Add(Node("Mul", $"{nameHint}_scale_mul", [activationScale, weightScale], [combinedScale]));
        emitted.Add(Node("Mul", $"{nameHint}_output_scale_mul", [asFloat, combinedScale], [output]));
    }
}
