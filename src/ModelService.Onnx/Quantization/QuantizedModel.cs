using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization;

/// <summary>The rewritten model plus an account of what was and was not quantized, for logs and manifests.</summary>
public sealed record QuantizedModel(ModelProto Model, IReadOnlyList<string> QuantizedNodes, IReadOnlyList<SkippedNode> SkippedNodes);
