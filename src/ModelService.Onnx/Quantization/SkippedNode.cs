namespace ModelService.Onnx.Quantization;

/// <summary>A candidate node the quantizer left in float32, and why.</summary>
public sealed record SkippedNode(string Name, string OperatorType, string Reason);
