using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization.Preparation;

/// <summary>A float model made ready for a quantizer, and what was done to it ("folded 2 BatchNormalization …"), for logs and reports.</summary>
public sealed record PreparedGraph(ModelProto Model, IReadOnlyList<string> Steps);
