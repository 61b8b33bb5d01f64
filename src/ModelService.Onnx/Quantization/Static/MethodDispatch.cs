using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization.Calibration;
using ModelService.Onnx.Quantization.Preparation;

namespace ModelService.Onnx.Quantization.Static;

/// <summary>
/// The method-dependent middle of <see cref="ModelQuantization"/>: prepare the graph (<see cref="GraphPreparation"/>),
/// resolve auto, quantize dynamically or statically, and say which inputs the quality gate must judge on — for
/// static quantization the calibration samples held out of calibration, so the figures describe unseen inputs.
/// </summary>
public static class MethodDispatch
{
    public static MethodResult Quantize(
        ModelProto model,
        DynamicQuantizationOptions options,
        QuantizationMethodOptions settings,
        CalibrationSet? calibration,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        var prepared = GraphPreparation.Prepare(model, DynamicQuantizer.MinimumOpset);
        var (method, reason) = MethodSelector.Resolve(prepared.Model, settings.Method, calibration is not null);
        if (method != QuantizationMethod.Static)
        {
            var choice = new MethodChoice(options.WeightOnly4Bit ? "int4-weight-only" : "dynamic-int8", reason);
            return new MethodResult(DynamicQuantizer.Quantize(prepared.Model, options), calibration, choice, prepared.Steps);
        }

        if (options.WeightOnly4Bit)
        {
            throw new QuantizationException("4-bit weight-only quantization keeps activations in float; it cannot be combined with static quantization.");
        }

        if (calibration is null)
        {
            throw new QuantizationException("Static quantization needs calibration data (a --calibration file of v2 inference requests, representative of real inputs) to measure activation ranges.");
        }

        prepared = GraphPreparation.RaiseOpset(prepared, StaticQuantizer.MinimumOpset);
        var (fit, heldOut) = CalibrationSplit.Split(calibration, settings.HoldOutEvery);
        var result = StaticQuantizer.Quantize(prepared.Model, fit, options, settings, cancellationToken);
        var detail = $"{reason}; activations uint8 calibrated by {Describe(settings)} on {fit.Samples} samples; weights int8 per channel, |q| <= {settings.WeightLimit}";
        return new MethodResult(result, heldOut, new MethodChoice("static-int8-qdq", detail), prepared.Steps);
    }

    private static string Describe(QuantizationMethodOptions settings) => settings.Calibration switch
    {
        CalibrationMethod.Percentile => $"percentile {settings.Percentile}",
        _ => "minmax",
    };
}
