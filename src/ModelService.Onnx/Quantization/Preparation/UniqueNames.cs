using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Reading;

namespace ModelService.Onnx.Quantization.Preparation;

/// <summary>Fresh tensor and node names that clash with nothing in the model, subgraphs included.</summary>
internal sealed class UniqueNames
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public UniqueNames(ModelProto model)
    {
        foreach (var graph in OnnxGraphWalker.Graphs(model.Graph))
        {
            _names.UnionWith(graph.Input.Select(v => v.Name));
            _names.UnionWith(graph.Output.Select(v => v.Name));
            _names.UnionWith(graph.Initializer.Select(t => t.Name));
            _names.UnionWith(graph.Node.SelectMany(n => n.Output));
            _names.UnionWith(graph.Node.Select(n => n.Name));
        }
    }

    public string Next(string hint)
    {
        var name = hint;
        for (var suffix = 1; !_names.Add(name); suffix++)
        {
            name = $"{hint}_{suffix}";
        }

        return name;
    }
}
