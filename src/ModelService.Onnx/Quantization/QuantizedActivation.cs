namespace ModelService.Onnx.Quantization;

/// <summary>The three outputs of DynamicQuantizeLinear for one activation.</summary>
internal sealed record QuantizedActivation(string Values, string Scale, string ZeroPoint);
