using ModelService.Onnx.Inspection;

namespace ModelService.Core.Registry;

/// <summary>The stable spelling of each quantization kind in manifests and the API.</summary>
public static class QuantizationNames
{
    public static string ToManifestName(QuantizationKind kind) => kind switch
    {
        QuantizationKind.None => "none",
        QuantizationKind.Float16 => "float16",
        QuantizationKind.DynamicInt8 => "dynamic-int8",
        QuantizationKind.StaticQdq => "qdq",
        QuantizationKind.QOperator => "qoperator",
        QuantizationKind.WeightOnly4Bit => "int4-weight-only",
        QuantizationKind.Mixed => "mixed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown quantization kind."),
    };
}
