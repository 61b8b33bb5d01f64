using Google.Protobuf;
using ModelService.Onnx.Building;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.LoadTest;

/// <summary>A tiny generated model (y = x + bias, 4 features), so the HTTP path can be measured without samples.</summary>
internal static class SyntheticModel
{
    public const string Name = "loadtest-add";

    public static string Write()
    {
        const int width = 4;
        return GeneratedModels.WriteTemporary(new OnnxGraphBuilder("add_bias")
            .Input("x", DataType.Float, "batch", width)
            .Output("y", DataType.Float, "batch", width)
            .Initializer(OnnxTensors.Float("bias", [0.5f, 1.5f, 2.5f, 3.5f], width))
            .Node("Add", ["x", "bias"], ["y"])
            .Build()
            .ToByteArray());
    }
}
