using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Quantization;

/// <summary>Reads node attributes with the defaults the operator specification gives them.</summary>
internal static class NodeAttributes
{
    public static long Int(NodeProto node, string name, long defaultValue) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.I : defaultValue;

    public static float Float(NodeProto node, string name, float defaultValue) =>
        node.Attribute.FirstOrDefault(a => a.Name == name) is { } attribute ? attribute.F : defaultValue;
}
