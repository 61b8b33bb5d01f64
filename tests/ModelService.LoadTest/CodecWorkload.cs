using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using ModelService.Onnx.Building;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.LoadTest;

/// <summary>
/// The issue-15 goal's workload: y = x + bias over [100, 100] FP32 (10,000 elements in and out), sent as JSON
/// tensors and as binary tensor data (all outputs binary), so the two codecs are measured on the same model and run.
/// </summary>
internal static class CodecWorkload
{
    public const string Name = "loadtest-codec";
    private const int Rows = 100;
    private const int Width = 100;

    public static string Write()
    {
        return GeneratedModels.WriteTemporary(new OnnxGraphBuilder("add_bias")
            .Input("x", DataType.Float, "batch", Width)
            .Output("y", DataType.Float, "batch", Width)
            .Initializer(OnnxTensors.Float("bias", [.. Enumerable.Range(0, Width).Select(i => i * 0.5f)], Width))
            .Node("Add", ["x", "bias"], ["y"])
            .Build()
            .ToByteArray());
    }

    public static (byte[] Json, byte[] Binary, int JsonLength) Bodies()
    {
        var x = Enumerable.Range(0, Rows * Width).Select(i => (float)Math.Sin(i) * 100f).ToArray();
        var json = Encoding.UTF8.GetBytes(
            $"{{\"inputs\":[{{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[{Rows},{Width}],\"data\":[{string.Join(',', x.Select(v => v.ToString(CultureInfo.InvariantCulture)))}]}}]}}");
        var header = Encoding.UTF8.GetBytes(
            $"{{\"inputs\":[{{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[{Rows},{Width}],\"parameters\":{{\"binary_data_size\":{x.Length * 4}}}}}],\"parameters\":{{\"binary_data_output\":true}}}}");
        var binary = new byte[header.Length + (x.Length * 4)];
        header.CopyTo(binary, 0);
        for (var i = 0; i < x.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(binary.AsSpan(header.Length + (i * 4)), x[i]);
        }

        return (json, binary, header.Length);
    }
}
