using System.Runtime.InteropServices;
using ModelService.Onnx.Protobuf;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Quantization;

/// <summary>Reads the values of a float32 initializer, whichever of raw_data or float_data the exporter used.</summary>
internal static class FloatTensorData
{
    public static bool IsFloat(TensorProto tensor) =>
        tensor.DataType == (int)DataType.Float && tensor.DataLocation != TensorProto.Types.DataLocation.External;

    public static float[] Read(TensorProto tensor)
    {
        if (!IsFloat(tensor))
        {
            throw new ArgumentException($"Tensor '{tensor.Name}' is not an embedded float32 tensor.", nameof(tensor));
        }

        if (!tensor.RawData.IsEmpty)
        {
            if (!BitConverter.IsLittleEndian)
            {
                throw new PlatformNotSupportedException("ONNX raw_data is little-endian; this host is not.");
            }

            return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
        }

        return [.. tensor.FloatData];
    }
}
