namespace ModelService.Core.Registry;

/// <summary>Facts read from the ONNX file itself when it was published.</summary>
public sealed record OnnxFacts(long IrVersion, IReadOnlyDictionary<string, long> Opsets, string? Producer);
