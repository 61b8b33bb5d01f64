using Google.Protobuf;
using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization.Preparation;

/// <summary>
/// Brings a float model as common exporters write it into the shape the quantizers read: initializers that IR &lt; 4
/// also lists as graph inputs become plain constants; weights held in Constant nodes, BatchNormalization after
/// Conv and inference-time Dropout are folded by ONNX Runtime's own basic-level optimizer (see
/// <see cref="OrtBasicOptimizer"/>); the opset is raised to what the quantized operators need. Models that need
/// none of this come back unchanged, so a clean model quantizes exactly as before. The input is not modified.
/// </summary>
public static class GraphPreparation
{
    /// <summary>Operators whose presence means folding can pay: weights or statistics that are constants in disguise.</summary>
    private static readonly HashSet<string> Foldable = new(StringComparer.Ordinal) { "Constant", "BatchNormalization", "Dropout" };

    public static PreparedGraph Prepare(ModelProto model, long requiredOpset)
    {
        ArgumentNullException.ThrowIfNull(model);
        var working = model.Clone();
        var steps = new List<string>();
        // The names DynamicQuantizer would give, so --exclude keeps meaning the same node after folding.
        NodeNames.NameUnnamed(working.Graph);
        if (DetachInitializerInputs(working) is var detached and > 0)
        {
            steps.Add($"{detached} initializers listed as graph inputs (IR version < 4) became constants");
        }

        var counts = Count(working);
        if (counts.Values.Sum() > 0)
        {
            var imports = working.OpsetImport.Select(o => o.Domain).ToHashSet(StringComparer.Ordinal);
            working = OrtBasicOptimizer.Optimize(working.ToByteArray());
            KeepOpsetImports(working, imports);
            var after = Count(working);
            steps.AddRange(counts.Where(pair => pair.Value > after[pair.Key]).Select(pair => $"{pair.Value - after[pair.Key]} {pair.Key} nodes folded by ONNX Runtime's basic optimizer"));
        }

        return RaiseOpset(new PreparedGraph(working, steps), requiredOpset);
    }

    /// <summary>Raises the opset of an already prepared model (static quantization needs more than dynamic).</summary>
    public static PreparedGraph RaiseOpset(PreparedGraph prepared, long requiredOpset)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var opset = prepared.Model.OpsetImport.FirstOrDefault(o => OnnxDomains.IsDefault(o.Domain))?.Version ?? 1;
        if (opset >= requiredOpset)
        {
            return prepared;
        }

        var model = prepared.Model.Clone();
        OpsetUpgrade.Raise(model, requiredOpset);
        return new PreparedGraph(model, [.. prepared.Steps, $"opset raised from {opset} to {requiredOpset}"]);
    }

    private static Dictionary<string, int> Count(ModelProto model) =>
        Foldable.ToDictionary(op => op, op => model.Graph.Node.Count(n => n.OpType == op && OnnxDomains.IsDefault(n.Domain)), StringComparer.Ordinal);

    /// <summary>ONNX Runtime writes an import for every domain it knows; keep the model's own and those a node uses.</summary>
    private static void KeepOpsetImports(ModelProto model, HashSet<string> original)
    {
        var used = Reading.OnnxGraphWalker.Nodes(model.Graph).Select(n => n.Domain).ToHashSet(StringComparer.Ordinal);
        var keep = model.OpsetImport.Where(o => OnnxDomains.IsDefault(o.Domain) || original.Contains(o.Domain) || used.Contains(o.Domain)).ToList();
        model.OpsetImport.Clear();
        model.OpsetImport.AddRange(keep);
    }

    /// <summary>Before IR 4 every initializer had to be a graph input too; it was still a constant, and ONNX Runtime treats it so.</summary>
    private static int DetachInitializerInputs(ModelProto model)
    {
        if (model.IrVersion >= 4)
        {
            return 0;
        }

        var initializers = model.Graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var keep = model.Graph.Input.Where(input => !initializers.Contains(input.Name)).ToList();
        var removed = model.Graph.Input.Count - keep.Count;
        model.Graph.Input.Clear();
        model.Graph.Input.AddRange(keep);
        model.IrVersion = 4;
        return removed;
    }
}
