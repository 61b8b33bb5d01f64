using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Reading;

/// <summary>
/// Tensors may keep their bytes in files beside the model (ONNX external data). A model whose files are not
/// there cannot load, so it is refused up front rather than failing later in the runtime.
/// </summary>
internal static class ExternalDataCheck
{
    public static void EnsurePresent(ModelProto model, string? modelDirectory)
    {
        foreach (var tensor in OnnxGraphWalker.Tensors(model.Graph))
        {
            if (tensor.DataLocation != TensorProto.Types.DataLocation.External)
            {
                continue;
            }

            var location = tensor.ExternalData.FirstOrDefault(e => e.Key == "location")?.Value;
            if (modelDirectory is null)
            {
                throw new OnnxFormatException($"Tensor '{tensor.Name}' keeps its data in an external file ('{location}'); publish a model with its data embedded.");
            }

            if (string.IsNullOrEmpty(location) || !IsInside(modelDirectory, location) || !File.Exists(Path.Combine(modelDirectory, location)))
            {
                throw new OnnxFormatException($"Tensor '{tensor.Name}' keeps its data in external file '{location}', which is missing next to the model.");
            }
        }
    }

    private static bool IsInside(string directory, string relativePath)
    {
        var full = Path.GetFullPath(Path.Combine(directory, relativePath));
        return full.StartsWith(Path.GetFullPath(directory) + Path.DirectorySeparatorChar, StringComparison.Ordinal);
    }
}
