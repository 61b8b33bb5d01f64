using ModelService.Onnx.Reading;
using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization;

/// <summary>
/// Dynamic int8 quantization in the manner of ONNX Runtime's quantize_dynamic: weights become int8 once, here;
/// activations are quantized to uint8 at run time by DynamicQuantizeLinear, so no calibration data is needed.
/// Only the main graph is rewritten; nodes that cannot be quantized are kept in float32 and listed with a reason.
/// The input model is not modified.
/// </summary>
public static class DynamicQuantizer
{
    /// <summary>DynamicQuantizeLinear arrived in opset 11.</summary>
    public const long MinimumOpset = 11;

    /// <summary>The IR version that goes with opset 11.</summary>
    private const long MinimumIrVersion = 6;

    private static readonly Dictionary<string, INodeQuantizer> Rules = new(StringComparer.Ordinal)
    {
        ["MatMul"] = new MatMulQuantizer(),
        ["Gemm"] = new GemmQuantizer(),
        ["Conv"] = new ConvQuantizer(),
    };

    private static readonly MatMulNBitsQuantizer FourBit = new();

    public static QuantizedModel Quantize(ModelProto model, DynamicQuantizationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new DynamicQuantizationOptions();
        if (model.Graph is null)
        {
            throw new OnnxFormatException("The model has no graph.");
        }

        var result = model.Clone();
        NodeNames.NameUnnamed(result.Graph);
        var context = new QuantizationContext(result, options);
        var quantized = new List<string>();
        var skipped = new List<SkippedNode>();
        var nodes = new List<NodeProto>();

        foreach (var node in result.Graph.Node)
        {
            var reason = Rewrite(node, context, nodes);
            if (reason is null)
            {
                quantized.Add(node.Name);
            }
            else
            {
                nodes.Add(node);
                if (Rules.ContainsKey(node.OpType) && OnnxDomains.IsDefault(node.Domain))
                {
                    skipped.Add(new SkippedNode(node.Name, node.OpType, reason));
                }
            }
        }

        result.Graph.Node.Clear();
        result.Graph.Node.AddRange(nodes);
        result.Graph.Initializer.AddRange(context.AddedInitializers);
        RemoveUnusedInitializers(result, context.Consumed);
        if (quantized.Count > 0)
        {
            UpdateOpsets(result, context.UsesMicrosoftDomain);
        }

        return new QuantizedModel(result, quantized, skipped);
    }

    private static string? Rewrite(NodeProto node, QuantizationContext context, List<NodeProto> emitted)
    {
        if (!OnnxDomains.IsDefault(node.Domain) || !Rules.TryGetValue(node.OpType, out var rule))
        {
            return "not a quantizable operator";
        }

        if (!context.Options.OperatorTypes.Contains(node.OpType))
        {
            return "operator type not selected";
        }

        if (context.Options.ExcludedNodes.Contains(node.Name))
        {
            return "excluded by name";
        }

        // 4-bit first; a MatMul it declines (too narrow) still gets the int8 treatment.
        if (context.Options.WeightOnly4Bit && node.OpType == "MatMul" && FourBit.TryQuantize(node, context, emitted) is null)
        {
            return null;
        }

        return rule.TryQuantize(node, context, emitted);
    }

    /// <summary>Drops folded float weights unless something else (another node, a subgraph, an output) still reads them.</summary>
    private static void RemoveUnusedInitializers(ModelProto model, HashSet<string> consumed)
    {
        var used = OnnxGraphWalker.Graphs(model.Graph).SelectMany(g => g.Node).SelectMany(n => n.Input)
            .Concat(model.Graph.Output.Select(o => o.Name))
            .ToHashSet(StringComparer.Ordinal);
        var unused = consumed.Where(name => !used.Contains(name)).ToHashSet(StringComparer.Ordinal);
        RemoveWhere(model.Graph.Initializer, tensor => unused.Contains(tensor.Name));
        RemoveWhere(model.Graph.Input, input => unused.Contains(input.Name));
    }

    private static void RemoveWhere<T>(Google.Protobuf.Collections.RepeatedField<T> items, Func<T, bool> predicate)
    {
        var keep = items.Where(item => !predicate(item)).ToList();
        items.Clear();
        items.AddRange(keep);
    }

    private static void UpdateOpsets(ModelProto model, bool usesMicrosoftDomain)
    {
        var standard = model.OpsetImport.Where(o => OnnxDomains.IsDefault(o.Domain)).ToList();
        if (standard.Count == 0)
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = string.Empty, Version = MinimumOpset });
        }

        foreach (var opset in standard.Where(o => o.Version < MinimumOpset))
        {
            opset.Version = MinimumOpset;
        }

        if (standard.Count == 0 || standard.Exists(o => o.Version == MinimumOpset))
        {
            model.IrVersion = Math.Max(model.IrVersion, MinimumIrVersion);
        }

        // Existing com.microsoft imports are kept as they are; only add one when a contrib operator was emitted.
        if (usesMicrosoftDomain && !model.OpsetImport.Any(o => o.Domain == OnnxDomains.Microsoft))
        {
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = OnnxDomains.Microsoft, Version = 1 });
        }
    }
}
