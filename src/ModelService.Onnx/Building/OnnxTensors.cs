using System.Runtime.InteropServices;
using Google.Protobuf;
using ModelService.Onnx.Protobuf;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Building;

/// <summary>Creates constant tensors (initializers, Constant values) with their bytes in raw_data, little-endian.</summary>
public static class OnnxTensors
{
    public static TensorProto Create<T>(string name, DataType dataType, ReadOnlySpan<T> values, params long[] dims)
        where T : unmanaged
    {
        EnsureElementCount(values.Length, dims);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this host is not.");
        }

        var tensor = new TensorProto { Name = name, DataType = (int)dataType, RawData = ByteString.CopyFrom(MemoryMarshal.AsBytes(values)) };
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    public static TensorProto Float(string name, ReadOnlySpan<float> values, params long[] dims) =>
        Create(name, DataType.Float, values, dims);

    public static TensorProto Int64(string name, ReadOnlySpan<long> values, params long[] dims) =>
        Create(name, DataType.Int64, values, dims);

    public static TensorProto Int8(string name, ReadOnlySpan<sbyte> values, params long[] dims) =>
        Create(name, DataType.Int8, values, dims);

    public static TensorProto UInt8(string name, ReadOnlySpan<byte> values, params long[] dims) =>
        Create(name, DataType.Uint8, values, dims);

    public static TensorProto Strings(string name, IEnumerable<string> values, params long[] dims)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)DataType.String };
        tensor.StringData.AddRange(values.Select(ByteString.CopyFromUtf8));
        EnsureElementCount(tensor.StringData.Count, dims);
        tensor.Dims.AddRange(dims);
        return tensor;
    }

    private static void EnsureElementCount(int count, long[] dims)
    {
        long expected = 1;
        foreach (var dim in dims)
        {
            expected *= dim;
        }

        if (expected != count)
        {
            throw new ArgumentException($"Shape [{string.Join(',', dims)}] holds {expected} elements but {count} were given.");
        }
    }
}
