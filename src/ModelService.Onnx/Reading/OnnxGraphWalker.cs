using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Reading;

/// <summary>Visits a graph and every subgraph held in node attributes (If branches, Loop and Scan bodies).</summary>
public static class OnnxGraphWalker
{
    public static IEnumerable<GraphProto> Graphs(GraphProto? graph)
    {
        if (graph is null)
        {
            yield break;
        }

        yield return graph;
        foreach (var attribute in graph.Node.SelectMany(n => n.Attribute))
        {
            foreach (var subgraph in Subgraphs(attribute).SelectMany(Graphs))
            {
                yield return subgraph;
            }
        }
    }

    public static IEnumerable<NodeProto> Nodes(GraphProto? graph) => Graphs(graph).SelectMany(g => g.Node);

    public static IEnumerable<TensorProto> Tensors(GraphProto? graph) => Graphs(graph).SelectMany(g =>
        g.Initializer.Concat(g.Node.SelectMany(n => n.Attribute).SelectMany(a => a.T is null ? a.Tensors : a.Tensors.Prepend(a.T))));

    private static IEnumerable<GraphProto> Subgraphs(AttributeProto attribute) =>
        attribute.G is null ? attribute.Graphs : attribute.Graphs.Prepend(attribute.G);
}
