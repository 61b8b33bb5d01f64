using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelService.Core.Inference.V2;

/// <summary>Bytes per element of each fixed-size v2 datatype, as the binary data extension lays them out.</summary>
internal static class TensorElementSizes
{
    public static int Of(TensorElementType elementType) => elementType switch
    {
        TensorElementType.Bool or TensorElementType.Int8 or TensorElementType.UInt8 => 1,
        TensorElementType.Int16 or TensorElementType.UInt16 or TensorElementType.Float16 or TensorElementType.BFloat16 => 2,
        TensorElementType.Int32 or TensorElementType.UInt32 or TensorElementType.Float => 4,
        TensorElementType.Int64 or TensorElementType.UInt64 or TensorElementType.Double => 8,
        _ => throw new InvalidOperationException($"Element type {elementType} has no fixed size."),
    };
}
