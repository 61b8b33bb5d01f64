using ModelService.Onnx.Protobuf;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Inspection;

/// <summary>Element counts and byte sizes of stored tensors, computed from shape and type rather than from
/// whichever storage field the exporter chose, so float_data and raw_data tensors count the same.</summary>
internal static class TensorMath
{
    public static long ElementCount(TensorProto tensor)
    {
        long count = 1;
        foreach (var dim in tensor.Dims)
        {
            count *= dim;
        }

        return count;
    }

    public static long ByteSize(TensorProto tensor)
    {
        if (tensor.DataType == (int)DataType.String)
        {
            return tensor.StringData.Sum(value => (long)value.Length);
        }

        var bits = ElementTypes.BitWidth(tensor.DataType);
        return ((ElementCount(tensor) * bits) + 7) / 8;
    }
}
