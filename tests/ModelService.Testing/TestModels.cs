using Google.Protobuf;
using ModelService.Onnx.Building;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Testing;

/// <summary>Small real ONNX models written by tests, with weights the tests know.</summary>
public static class TestModels
{
    /// <summary>y = x + bias, for x of shape [batch, width]; bias[i] = offset + i. File size grows with width.</summary>
    public static byte[] AddBias(int width, float offset = 0.5f)
    {
        var bias = Enumerable.Range(0, width).Select(i => offset + i).ToArray();
        return new OnnxGraphBuilder("add_bias")
            .Input("x", DataType.Float, "batch", width)
            .Output("y", DataType.Float, "batch", width)
            .Initializer(OnnxTensors.Float("bias", bias, width))
            .Node("Add", ["x", "bias"], ["y"])
            .Build()
            .ToByteArray();
    }

    public static string WriteTemporary(byte[] model)
    {
        var path = Path.Combine(Path.GetTempPath(), $"modelsvc-test-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, model);
        return path;
    }
}
