namespace ModelService.Onnx.Quantization.Static;

/// <summary>The method a model was quantized with ("dynamic-int8", "static-int8-qdq", …) and why, for the quantization report.</summary>
public sealed record MethodChoice(string Method, string Reason);
