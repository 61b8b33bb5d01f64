using ModelService.Onnx.Quantization.Calibration;

namespace ModelService.Onnx.Quantization;

/// <summary>How a quantized model compares with its float original: the worst figure over every float output, and on what it was measured.</summary>
public sealed record QuantizationEvaluation(QuantizationQuality Quality, long CalibrationSamples, string CalibrationSource)
{
    /// <summary>The inputs the figures were measured on (generated ones included), for further checks on the same data.</summary>
    internal CalibrationSet? Inputs { get; init; }
}
