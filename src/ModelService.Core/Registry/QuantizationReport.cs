using ModelService.Onnx.Quantization;

namespace ModelService.Core.Registry;

/// <summary>
/// How a published int8 version was made from its float original and how closely it follows it, so whoever
/// serves it can see what was traded. Absent from manifests of versions published as they were.
/// </summary>
/// <param name="SourceSha256">sha256 of the float32 file that was quantized.</param>
/// <param name="Method">"dynamic-int8", "static-int8-qdq" (calibrated QuantizeLinear/DequantizeLinear), or "int4-weight-only" when wide MatMuls became 4-bit MatMulNBits.</param>
/// <param name="Top1Agreement">Share of samples whose top class is unchanged; null when no output is [batch, classes].</param>
/// <param name="GatePassed">False only when the gate failed and the operator forced the publish.</param>
public sealed record QuantizationReport(
    string SourceSha256,
    string Method,
    bool PerChannel,
    IReadOnlyList<string> ExcludedNodes,
    double MaxAbsoluteError,
    double CosineSimilarity,
    double? Top1Agreement,
    long CalibrationSamples,
    string Calibration,
    bool GatePassed)
{
    /// <summary>Why the method was used (auto's reasoning, calibration method, weight range); null in manifests written before methods existed.</summary>
    public string? MethodChoice { get; init; }

    /// <summary>What graph preparation did before quantizing (BatchNormalization folded, opset raised); null when nothing.</summary>
    public IReadOnlyList<string>? Preparation { get; init; }

    public static QuantizationReport From(QuantizationOutcome outcome, DynamicQuantizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(options);
        var quality = outcome.Evaluation.Quality;
        return new QuantizationReport(
            outcome.SourceSha256,
            outcome.Method?.Method ?? (options.WeightOnly4Bit ? "int4-weight-only" : "dynamic-int8"),
            options.PerChannel || outcome.Method?.Method == "static-int8-qdq",
            [.. options.ExcludedNodes.Order(StringComparer.Ordinal)],
            quality.MaxAbsoluteError,
            quality.CosineSimilarity,
            quality.Rows > 0 ? quality.Top1Agreement : null,
            outcome.Evaluation.CalibrationSamples,
            outcome.Evaluation.CalibrationSource,
            outcome.Verdict.Passed)
        {
            MethodChoice = outcome.Method?.Reason,
            Preparation = outcome.PreparationSteps.Count == 0 ? null : outcome.PreparationSteps,
        };
    }
}
