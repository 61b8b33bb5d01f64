namespace ModelService.Core.Registry;

/// <summary>What publishing learns from a model file before it is uploaded.</summary>
public sealed record AnalyzedModelFile(string Sha256, long SizeBytes, ModelSignature Signature, string Quantization, OnnxFacts Onnx);
