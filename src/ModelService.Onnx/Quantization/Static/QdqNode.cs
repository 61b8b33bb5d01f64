using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization.Static;

/// <summary>A Conv, Gemm or MatMul that will read int8 weights: its constant weight, optional constant bias, and weight channels (1 = one scale).</summary>
internal sealed record QdqNode(NodeProto Node, TensorProto Weight, TensorProto? Bias, int Channels);
