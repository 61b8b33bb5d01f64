namespace ModelService.Onnx.Quantization.Static;

/// <summary>How activations are quantized: at run time (dynamic), from calibrated ranges (static, QDQ), or chosen from the graph (auto).</summary>
public enum QuantizationMethod
{
    Dynamic,
    Static,
    Auto,
}
