using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelService.Core.Inference;

/// <summary>The Open Inference Protocol v2 datatype names and the ONNX Runtime element types they carry.</summary>
public static class V2Datatype
{
    private static readonly Dictionary<string, TensorElementType> ByName = new(StringComparer.Ordinal)
    {
        ["BOOL"] = TensorElementType.Bool,
        ["UINT8"] = TensorElementType.UInt8,
        ["UINT16"] = TensorElementType.UInt16,
        ["UINT32"] = TensorElementType.UInt32,
        ["UINT64"] = TensorElementType.UInt64,
        ["INT8"] = TensorElementType.Int8,
        ["INT16"] = TensorElementType.Int16,
        ["INT32"] = TensorElementType.Int32,
        ["INT64"] = TensorElementType.Int64,
        ["FP16"] = TensorElementType.Float16,
        ["BF16"] = TensorElementType.BFloat16,
        ["FP32"] = TensorElementType.Float,
        ["FP64"] = TensorElementType.Double,
        ["BYTES"] = TensorElementType.String,
    };

    private static readonly Dictionary<TensorElementType, string> ByElementType = ByName.ToDictionary(pair => pair.Value, pair => pair.Key);

    public static IReadOnlyCollection<string> Names => ByName.Keys;

    public static bool TryGetElementType(string name, out TensorElementType elementType) => ByName.TryGetValue(name, out elementType);

    public static bool TryGetName(TensorElementType elementType, out string name) => ByElementType.TryGetValue(elementType, out name!);
}
