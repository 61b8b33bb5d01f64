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
/// <remarks>
/// Manifests written before the weight range was recorded read as <c>WeightRange = null</c>: those versions used
/// full-range int8 weights, valid on VNNI CPUs only.
/// </remarks>
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
    /// <summary>"reduced" (7-bit int8 MatMul/Gemm weights, exact on every CPU) or "full" (8-bit, VNNI targets).</summary>
    public string? WeightRange { get; init; }

    /// <summary>How the weights are stored, e.g. "MatMul/Gemm int8 [-64, 64]; Conv uint8 [1, 255], zero point 128".</summary>
    public string? WeightEncoding { get; init; }

    /// <summary>The CPUs on which the version computes what the gate measured.</summary>
    public string? ValidFor { get; init; }

    /// <summary>For "full": pair sums an AVX2-only CPU would clamp on the calibration data (0 to pass); null for "reduced", which cannot saturate.</summary>
    public long? SaturatedPairs { get; init; }

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
            WeightRange = WeightRanges.Name(outcome.WeightRange),
            WeightEncoding = outcome.Method?.Method == "static-int8-qdq"
                ? $"QDQ: weights int8 per channel [-{WeightRanges.ReducedLimit}, {WeightRanges.ReducedLimit}], activations uint8"
                : WeightRanges.Encoding(outcome.WeightRange),
            ValidFor = WeightRanges.ValidFor(outcome.WeightRange),
            SaturatedPairs = outcome.Saturation?.SaturatedPairs,
            MethodChoice = outcome.Method?.Reason,
            Preparation = outcome.PreparationSteps.Count == 0 ? null : outcome.PreparationSteps,
        };
    }
}
