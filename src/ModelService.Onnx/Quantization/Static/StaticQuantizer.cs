using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization.Calibration;

namespace ModelService.Onnx.Quantization.Static;

/// <summary>
/// Static int8 quantization in QDQ form, as ONNX Runtime's quantize_static writes it: activations get
/// QuantizeLinear → DequantizeLinear pairs with uint8 asymmetric scales calibrated on sample inputs; Conv filters get
/// int8 values per output channel (Gemm and MatMul one scale per tensor) behind a DequantizeLinear; biases become
/// int32 at scale activation × weight. The model stays a float model in standard operators, and ONNX Runtime's
/// graph optimizer fuses each DequantizeLinear → Conv → QuantizeLinear into QLinearConv (QLinearMatMul, QGemm for the
/// others) at load. Needs opset 13 (per-axis QuantizeLinear/DequantizeLinear). The input is not modified.
/// </summary>
public static class StaticQuantizer
{
    public const long MinimumOpset = 13;

    /// <summary>Calibrates the model's activations on <paramref name="calibration"/> and rewrites it.</summary>
    public static QuantizedModel Quantize(
        ModelProto model,
        CalibrationSet calibration,
        DynamicQuantizationOptions options,
        QuantizationMethodOptions settings,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(calibration);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var opset = model.OpsetImport.FirstOrDefault(o => OnnxDomains.IsDefault(o.Domain))?.Version ?? 1;
        if (opset < MinimumOpset)
        {
            throw new QuantizationException($"Static quantization needs opset {MinimumOpset} or newer; the model uses opset {opset}.");
        }

        // The plan holds the clone's nodes, which the emitter then rewrites in place.
        var result = model.Clone();
        var plan = QdqPlan.Build(result.Graph, options);
        if (plan.Nodes.Count == 0)
        {
            return new QuantizedModel(result, [], plan.Skipped);
        }

        var ranges = ActivationCalibrator.Calibrate(model, [.. plan.Calibrated], calibration, settings, cancellationToken);
        var emitter = new QdqEmitter(result, plan, ranges, settings.WeightLimit);
        emitter.Emit();
        return new QuantizedModel(result, [.. plan.Nodes.Select(n => n.Node.Name)], plan.Skipped);
    }
}
