using ModelService.Core.Registry;
using ModelService.Onnx.Inspection;

namespace ModelService.Cli.Output;

/// <summary>A model inspection as the CLI prints it, quantization spelled as in manifests.</summary>
public sealed record InspectionSummary(
    long SizeBytes,
    long IrVersion,
    IReadOnlyDictionary<string, long> Opsets,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<string> Outputs,
    IReadOnlyDictionary<string, int> Operators,
    long Parameters,
    long InitializerBytes,
    string Quantization)
{
    public static InspectionSummary From(ModelInspection inspection, long sizeBytes)
    {
        ArgumentNullException.ThrowIfNull(inspection);
        return new InspectionSummary(
            sizeBytes,
            inspection.IrVersion,
            inspection.Opsets,
            [.. inspection.Inputs.Select(i => i.ToString())],
            [.. inspection.Outputs.Select(o => o.ToString())],
            inspection.OperatorCounts,
            inspection.ParameterCount,
            inspection.InitializerBytes,
            QuantizationNames.ToManifestName(inspection.Quantization));
    }
}
