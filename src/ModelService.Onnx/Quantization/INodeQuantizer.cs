using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization;

/// <summary>Rewrites one kind of node into its quantized form, or says why it cannot.</summary>
internal interface INodeQuantizer
{
    /// <summary>
    /// Appends the replacement nodes to <paramref name="emitted"/> and returns null, or returns the reason the node
    /// stays float32. Checks every precondition before emitting anything, so a refusal leaves no stray nodes.
    /// </summary>
    string? TryQuantize(NodeProto node, QuantizationContext context, List<NodeProto> emitted);
}
