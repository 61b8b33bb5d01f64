namespace ModelService.Onnx.Quantization;

/// <summary>Whether a <see cref="QualityGate"/> passed, and in words why not.</summary>
public sealed record QualityVerdict(bool Passed, IReadOnlyList<string> Failures);
