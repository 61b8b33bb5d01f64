using ModelService.Onnx.Protobuf;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Building;

/// <summary>
/// Builds an ONNX model graph node by node. Used by tests, samples and the trainer's exporter, so every model
/// the project ships or checks against is produced by code that sits in this repository.
/// </summary>
public sealed class OnnxGraphBuilder
{
    public const long DefaultIrVersion = 9;
    public const long DefaultOpset = 17;

    private readonly GraphProto _graph;
    private readonly Dictionary<string, long> _opsets = new(StringComparer.Ordinal) { [string.Empty] = DefaultOpset };
    private int _nodeCount;

    public OnnxGraphBuilder(string graphName)
    {
        _graph = new GraphProto { Name = graphName };
    }

    public OnnxGraphBuilder Input(string name, DataType elementType, params Dim[] shape)
    {
        _graph.Input.Add(ValueInfo(name, elementType, shape));
        return this;
    }

    public OnnxGraphBuilder Output(string name, DataType elementType, params Dim[] shape)
    {
        _graph.Output.Add(ValueInfo(name, elementType, shape));
        return this;
    }

    public OnnxGraphBuilder Initializer(TensorProto tensor)
    {
        _graph.Initializer.Add(tensor);
        return this;
    }

    public OnnxGraphBuilder Node(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params AttributeProto[] attributes) =>
        Node(opType, string.Empty, inputs, outputs, attributes);

    public OnnxGraphBuilder Node(string opType, string domain, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = opType, Domain = domain, Name = $"{opType}_{_nodeCount++}" };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return this;
    }

    /// <summary>Declares the opset version used for a domain; the default domain uses <see cref="DefaultOpset"/>.</summary>
    public OnnxGraphBuilder Opset(string domain, long version)
    {
        _opsets[domain] = version;
        return this;
    }

    public ModelProto Build(string producerName = "ModelService", long irVersion = DefaultIrVersion)
    {
        var model = new ModelProto
        {
            IrVersion = irVersion,
            ProducerName = producerName,
            ProducerVersion = typeof(OnnxGraphBuilder).Assembly.GetName().Version?.ToString() ?? "0",
            Graph = _graph.Clone(),
        };
        model.OpsetImport.AddRange(_opsets.Select(pair => new OperatorSetIdProto { Domain = pair.Key, Version = pair.Value }));
        return model;
    }

    private static ValueInfoProto ValueInfo(string name, DataType elementType, Dim[] shape)
    {
        var tensorShape = new TensorShapeProto();
        foreach (var dim in shape)
        {
            tensorShape.Dim.Add(dim.Symbol is { } symbol
                ? new TensorShapeProto.Types.Dimension { DimParam = symbol }
                : new TensorShapeProto.Types.Dimension { DimValue = dim.Size!.Value });
        }

        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType, Shape = tensorShape } },
        };
    }
}
