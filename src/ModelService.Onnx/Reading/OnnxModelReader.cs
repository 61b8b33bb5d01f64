using Google.Protobuf;
using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Reading;

/// <summary>
/// Reads ONNX <see cref="ModelProto"/> files and refuses, with a clear message, what is not a usable model:
/// bytes that are not a ModelProto, a model without a graph, an IR version outside what ONNX Runtime reads,
/// or tensor data kept in external files that are not there. Unknown fields are kept, so writing the model
/// back loses nothing.
/// </summary>
public static class OnnxModelReader
{
    public const long MinIrVersion = 3;
    public const long MaxIrVersion = 11;

    public static ModelProto ReadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var stream = File.OpenRead(path);
        var model = Parse(stream);
        ExternalDataCheck.EnsurePresent(model, Path.GetDirectoryName(Path.GetFullPath(path)));
        return model;
    }

    /// <summary>Reads a model from bytes; external data cannot be resolved from bytes, so it is refused.</summary>
    public static ModelProto Read(ReadOnlySpan<byte> bytes)
    {
        using var stream = new MemoryStream(bytes.ToArray(), writable: false);
        return Read(stream);
    }

    public static ModelProto Read(Stream stream)
    {
        var model = Parse(stream);
        ExternalDataCheck.EnsurePresent(model, modelDirectory: null);
        return model;
    }

    private static ModelProto Parse(Stream stream)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(stream);
        }
        catch (InvalidProtocolBufferException exception)
        {
            throw new OnnxFormatException("The file is not an ONNX model (it does not parse as an ONNX ModelProto).", exception);
        }

        return Validate(model);
    }

    private static ModelProto Validate(ModelProto model)
    {
        if (model.Graph is null || (model.Graph.Node.Count == 0 && model.Graph.Output.Count == 0))
        {
            throw new OnnxFormatException("The file is not an ONNX model: it has no graph.");
        }

        if (model.IrVersion is < MinIrVersion or > MaxIrVersion)
        {
            throw new OnnxFormatException($"ONNX IR version {model.IrVersion} is not supported; supported versions are {MinIrVersion} to {MaxIrVersion}.");
        }

        return model;
    }
}
