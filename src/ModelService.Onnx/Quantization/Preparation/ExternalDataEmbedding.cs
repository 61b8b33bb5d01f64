using Google.Protobuf;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Reading;

namespace ModelService.Onnx.Quantization.Preparation;

/// <summary>
/// Copies tensor data kept in external files beside the model into the tensors themselves, so the quantized model
/// is one self-contained file. <see cref="OnnxModelReader.ReadFile"/> has already checked that every file is there
/// and inside the model's folder; this reads the bytes (location, offset, length as the ONNX external data spec
/// gives them).
/// </summary>
public static class ExternalDataEmbedding
{
    /// <summary>Protobuf cannot hold a message of 2 GiB or more, so an embedded model must stay below it.</summary>
    private const long MaximumEmbeddedBytes = int.MaxValue;

    /// <summary>True when any tensor of <paramref name="model"/> (subgraphs included) was embedded.</summary>
    public static bool Embed(ModelProto model, string modelDirectory)
    {
        ArgumentNullException.ThrowIfNull(model);
        var external = OnnxGraphWalker.Tensors(model.Graph).Where(t => t.DataLocation == TensorProto.Types.DataLocation.External).ToList();
        long total = 0;
        foreach (var tensor in external)
        {
            var bytes = Read(tensor, modelDirectory);
            total += bytes.Length;
            if (total >= MaximumEmbeddedBytes)
            {
                throw new OnnxFormatException("The model's external data is 2 GiB or more, which cannot be embedded in one .onnx file; quantize a smaller model.");
            }

            tensor.RawData = ByteString.CopyFrom(bytes);
            tensor.ExternalData.Clear();
            tensor.DataLocation = TensorProto.Types.DataLocation.Default;
        }

        return external.Count > 0;
    }

    private static byte[] Read(TensorProto tensor, string modelDirectory)
    {
        string? Value(string key) => tensor.ExternalData.FirstOrDefault(e => e.Key == key)?.Value;
        var location = Value("location") ?? string.Empty;
        var offset = long.TryParse(Value("offset"), out var o) ? o : 0;
        var path = Path.Combine(modelDirectory, location);
        using var stream = File.OpenRead(path);
        var length = long.TryParse(Value("length"), out var l) ? l : stream.Length - offset;
        if (offset < 0 || length < 0 || offset + length > stream.Length)
        {
            throw new OnnxFormatException($"Tensor '{tensor.Name}' asks for bytes {offset} to {offset + length} of '{location}', which holds only {stream.Length}.");
        }

        var bytes = new byte[length];
        stream.Position = offset;
        stream.ReadExactly(bytes);
        return bytes;
    }
}
