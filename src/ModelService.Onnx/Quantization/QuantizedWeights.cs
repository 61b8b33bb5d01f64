namespace ModelService.Onnx.Quantization;

/// <summary>
/// Symmetric int8 weights laid out like the float source, with one scale (per tensor) or one per channel.
/// Real value ≈ Values[i] × Scales[channel of i]; the zero point is always 0.
/// </summary>
internal sealed record QuantizedWeights(sbyte[] Values, float[] Scales);
