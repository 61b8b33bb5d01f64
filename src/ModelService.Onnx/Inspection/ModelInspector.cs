using ModelService.Onnx.Reading;
using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Inspection;

/// <summary>Summarizes a parsed model for manifests, the CLI and logs.</summary>
public static class ModelInspector
{
    public static ModelInspection Inspect(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var graph = model.Graph ?? throw new OnnxFormatException("The model has no graph.");

        // Files written for IR < 4 list every initializer as a graph input too; those are weights, not inputs.
        var initializerNames = graph.Initializer.Select(tensor => tensor.Name).ToHashSet(StringComparer.Ordinal);
        var inputs = graph.Input.Where(input => !initializerNames.Contains(input.Name)).Select(Describe).ToList();
        var outputs = graph.Output.Select(Describe).ToList();

        var operators = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in OnnxGraphWalker.Nodes(model.Graph))
        {
            var key = $"{OnnxDomains.Normalize(node.Domain)}.{node.OpType}";
            operators[key] = operators.GetValueOrDefault(key) + 1;
        }

        var opsets = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var opset in model.OpsetImport)
        {
            var domain = OnnxDomains.Normalize(opset.Domain);
            opsets[domain] = Math.Max(opsets.GetValueOrDefault(domain), opset.Version);
        }

        var initializers = OnnxGraphWalker.Graphs(model.Graph).SelectMany(g => g.Initializer).ToList();
        var producer = string.IsNullOrEmpty(model.ProducerName) ? null : $"{model.ProducerName} {model.ProducerVersion}".Trim();
        return new ModelInspection(
            model.IrVersion,
            producer,
            opsets,
            inputs,
            outputs,
            operators,
            initializers.Sum(TensorMath.ElementCount),
            initializers.Sum(TensorMath.ByteSize),
            QuantizationDetector.Detect(model));
    }

    private static TensorDescription Describe(ValueInfoProto value)
    {
        var tensorType = value.Type?.TensorType;
        if (tensorType is null)
        {
            var kind = value.Type?.ValueCase.ToString().ToLowerInvariant() ?? "unknown";
            return new TensorDescription(value.Name, kind, null);
        }

        var dims = tensorType.Shape?.Dim.Select(dim => dim.ValueCase switch
        {
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue => new TensorDimension(dim.DimValue, null),
            TensorShapeProto.Types.Dimension.ValueOneofCase.DimParam => new TensorDimension(null, dim.DimParam),
            _ => new TensorDimension(null, null),
        }).ToList();
        return new TensorDescription(value.Name, ElementTypes.Name(tensorType.ElemType), dims);
    }
}
