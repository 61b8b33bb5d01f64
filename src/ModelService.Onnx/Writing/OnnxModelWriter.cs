using Google.Protobuf;
using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Writing;

/// <summary>Writes models as ONNX protobuf; fields this library does not know are written back as read.</summary>
public static class OnnxModelWriter
{
    public static byte[] ToBytes(ModelProto model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model.ToByteArray();
    }

    public static void WriteFile(ModelProto model, string path)
    {
        ArgumentNullException.ThrowIfNull(model);
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            model.WriteTo(stream);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
