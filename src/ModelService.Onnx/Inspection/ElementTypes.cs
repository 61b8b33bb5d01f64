using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Inspection;

/// <summary>Names and storage sizes of ONNX tensor element types.</summary>
public static class ElementTypes
{
    /// <summary>The lower-case name ONNX uses in type strings such as tensor(float).</summary>
    public static string Name(int elementType) => (DataType)elementType switch
    {
        DataType.Float => "float",
        DataType.Uint8 => "uint8",
        DataType.Int8 => "int8",
        DataType.Uint16 => "uint16",
        DataType.Int16 => "int16",
        DataType.Int32 => "int32",
        DataType.Int64 => "int64",
        DataType.String => "string",
        DataType.Bool => "bool",
        DataType.Float16 => "float16",
        DataType.Double => "double",
        DataType.Uint32 => "uint32",
        DataType.Uint64 => "uint64",
        DataType.Complex64 => "complex64",
        DataType.Complex128 => "complex128",
        DataType.Bfloat16 => "bfloat16",
        DataType.Float8E4M3Fn => "float8e4m3fn",
        DataType.Float8E4M3Fnuz => "float8e4m3fnuz",
        DataType.Float8E5M2 => "float8e5m2",
        DataType.Float8E5M2Fnuz => "float8e5m2fnuz",
        DataType.Uint4 => "uint4",
        DataType.Int4 => "int4",
        DataType.Float4E2M1 => "float4e2m1",
        DataType.Float8E8M0 => "float8e8m0",
        _ => "undefined",
    };

    /// <summary>Bits one element occupies when packed; 0 for strings and unknown types, whose size varies.</summary>
    public static int BitWidth(int elementType) => (DataType)elementType switch
    {
        DataType.Uint4 or DataType.Int4 or DataType.Float4E2M1 => 4,
        DataType.Uint8 or DataType.Int8 or DataType.Bool or DataType.Float8E4M3Fn or DataType.Float8E4M3Fnuz
            or DataType.Float8E5M2 or DataType.Float8E5M2Fnuz or DataType.Float8E8M0 => 8,
        DataType.Uint16 or DataType.Int16 or DataType.Float16 or DataType.Bfloat16 => 16,
        DataType.Float or DataType.Int32 or DataType.Uint32 => 32,
        DataType.Int64 or DataType.Uint64 or DataType.Double or DataType.Complex64 => 64,
        DataType.Complex128 => 128,
        _ => 0,
    };

    public static bool IsFloatingPoint(int elementType) => (DataType)elementType is
        DataType.Float or DataType.Double or DataType.Float16 or DataType.Bfloat16;
}
