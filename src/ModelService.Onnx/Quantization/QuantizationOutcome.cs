using ModelService.Onnx.Inspection;

namespace ModelService.Onnx.Quantization;

/// <summary>
/// A quantized model and everything a caller needs to decide whether to keep it: both inspections, file sizes,
/// the quality figures and the gate's verdict. <see cref="QuantizedBytes"/> is written only when the caller chooses.
/// </summary>
public sealed record QuantizationOutcome(
    string SourceSha256,
    long SourceSizeBytes,
    ModelInspection Before,
    ModelInspection After,
    byte[] QuantizedBytes,
    QuantizedModel Result,
    QuantizationEvaluation Evaluation,
    QualityVerdict Verdict)
{
    /// <summary>
    /// How the MatMul/Gemm weights were stored; with <see cref="WeightRange.Full"/>, <see cref="Saturation"/> says
    /// what an AVX2-only CPU would have clamped on the calibration data.
    /// </summary>
    public WeightRange WeightRange { get; init; } = WeightRange.Reduced;

    /// <summary>Null for <see cref="WeightRange.Reduced"/>, whose pair sums cannot saturate on any input.</summary>
    public SaturationReport? Saturation { get; init; }

    /// <summary>The method used and why (auto's choice); null only for outcomes made before methods existed.</summary>
    public Static.MethodChoice? Method { get; init; }

    /// <summary>What graph preparation did before quantizing (folds, opset raise); empty when nothing was needed.</summary>
    public IReadOnlyList<string> PreparationSteps { get; init; } = [];

    public long QuantizedSizeBytes => QuantizedBytes.LongLength;

    public double SizeRatio => SourceSizeBytes == 0 ? 0 : QuantizedSizeBytes / (double)SourceSizeBytes;
}
