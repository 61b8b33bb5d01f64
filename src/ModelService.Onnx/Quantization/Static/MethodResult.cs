using ModelService.Onnx.Quantization.Calibration;

namespace ModelService.Onnx.Quantization.Static;

/// <summary>What <see cref="MethodDispatch"/> made: the model, the inputs the gate judges it on (null: generated), the method and the preparation steps.</summary>
public sealed record MethodResult(QuantizedModel Result, CalibrationSet? Judge, MethodChoice Choice, IReadOnlyList<string> PreparationSteps);
