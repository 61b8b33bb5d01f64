using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Quantization.Calibration;
using ModelService.Onnx.Writing;

namespace ModelService.SampleModels;

/// <summary>
/// The int8 samples: each float sample quantized with the library's defaults (what <c>modelsvc models quantize</c>
/// and <c>push --quantize int8</c> do without options) and checked on its calibration file by the default gate.
/// </summary>
public static class SampleQuantization
{
    public const string Suffix = "-int8";

    public static QuantizationOutcome Quantize(ModelProto model, string calibrationJson, string calibrationName)
    {
        ArgumentNullException.ThrowIfNull(model);
        var outcome = ModelQuantization.Quantize(
            model,
            OnnxModelWriter.ToBytes(model),
            new DynamicQuantizationOptions(),
            new QualityGate(),
            CalibrationFile.Parse(calibrationJson, calibrationName),
            CancellationToken.None);
        return outcome.Verdict.Passed
            ? outcome
            : throw new InvalidOperationException($"The int8 form of {model.Graph.Name} fails the quality gate: {string.Join("; ", outcome.Verdict.Failures)}.");
    }
}
