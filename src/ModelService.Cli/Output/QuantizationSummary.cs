using ModelService.Core.Registry;
using ModelService.Onnx.Quantization;

namespace ModelService.Cli.Output;

/// <summary>What <c>models quantize</c> prints: both inspections, the size ratio, the quality figures and the gate's verdict.</summary>
public sealed record QuantizationSummary(
    string Input,
    string Output,
    bool Written,
    double SizeRatio,
    InspectionSummary Before,
    InspectionSummary After,
    IReadOnlyList<string> QuantizedNodes,
    IReadOnlyList<SkippedNode> SkippedNodes,
    QuantizationReport Quality,
    double MeanAbsoluteError,
    IReadOnlyList<string> GateFailures,
    string? Error = null,
    string? Code = null)
{
    public static QuantizationSummary From(QuantizationOutcome outcome, DynamicQuantizationOptions options, string input, string output, bool written)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new QuantizationSummary(
            input,
            output,
            written,
            outcome.SizeRatio,
            InspectionSummary.From(outcome.Before, outcome.SourceSizeBytes),
            InspectionSummary.From(outcome.After, outcome.QuantizedSizeBytes),
            outcome.Result.QuantizedNodes,
            outcome.Result.SkippedNodes,
            QuantizationReport.From(outcome, options),
            outcome.Evaluation.Quality.MeanAbsoluteError,
            outcome.Verdict.Failures);
    }
}
