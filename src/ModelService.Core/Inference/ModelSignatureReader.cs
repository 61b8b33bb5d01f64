using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Errors;
using ModelService.Core.Registry;

namespace ModelService.Core.Inference;

/// <summary>
/// Reads a model's v2 signature from ONNX Runtime, so it is exactly what the runtime will enforce. Inputs the v2
/// protocol cannot carry make the model unservable; outputs it cannot carry (sequences, maps such as a
/// classifier's ZipMap) are left out of the signature and never returned.
/// </summary>
public static class ModelSignatureReader
{
    public static ModelSignature Read(InferenceSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        var inputs = session.InputMetadata.Select(pair => ToSpec(pair.Key, pair.Value)
            ?? throw new ModelServiceException(ErrorCode.InvalidModel, UnsupportedInput(pair.Key, pair.Value))).ToList();
        var outputs = session.OutputMetadata.Select(pair => ToSpec(pair.Key, pair.Value)).OfType<TensorSpec>().ToList();
        if (outputs.Count == 0)
        {
            throw new ModelServiceException(ErrorCode.InvalidModel, "The model has no output the v2 protocol can carry (tensors of a v2 datatype).");
        }

        return new ModelSignature(inputs, outputs);
    }

    private static TensorSpec? ToSpec(string name, NodeMetadata metadata)
    {
        if (!metadata.IsTensor || !V2Datatype.TryGetName(metadata.ElementDataType, out var datatype))
        {
            return null;
        }

        return new TensorSpec(name, datatype, [.. metadata.Dimensions.Select(d => d < 0 ? -1L : d)]);
    }

    private static string UnsupportedInput(string name, NodeMetadata metadata) => metadata.IsTensor
        ? $"Input '{name}' has element type {metadata.ElementDataType}, which the v2 protocol cannot carry."
        : $"Input '{name}' is a {metadata.OnnxValueType}, not a tensor; the v2 protocol carries tensors only.";
}
