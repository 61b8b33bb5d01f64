using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization;

/// <summary>
/// Exclusion lists and reports refer to nodes by name, so every node needs one: an unnamed node gets its operator
/// type and position (with a suffix where that name is taken), the same before and after graph preparation.
/// </summary>
internal static class NodeNames
{
    public static void NameUnnamed(GraphProto graph)
    {
        var names = graph.Node.Select(n => n.Name).Where(n => n.Length > 0).ToHashSet(StringComparer.Ordinal);
        for (var i = 0; i < graph.Node.Count; i++)
        {
            var node = graph.Node[i];
            if (node.Name.Length > 0)
            {
                continue;
            }

            var name = $"{node.OpType}_{i}";
            for (var suffix = 1; !names.Add(name); suffix++)
            {
                name = $"{node.OpType}_{i}_{suffix}";
            }

            node.Name = name;
        }
    }
}
