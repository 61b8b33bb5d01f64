using Google.Protobuf;
using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Core.Tests.Inference;

/// <summary>Tiny graphs whose outputs a test can compute by hand.</summary>
internal static class EngineModels
{
    /// <summary>y = x for a 1-D tensor of any length, of the given element type.</summary>
    public static byte[] Identity(DataType elementType) =>
        new OnnxGraphBuilder("identity")
            .Input("x", elementType, "n")
            .Output("y", elementType, "n")
            .Node("Identity", ["x"], ["y"])
            .Build()
            .ToByteArray();

    /// <summary>scaled = x * s (s a scalar), shifted = x + offset[k] (k an int64 index per row), for x [batch, 2].</summary>
    public static byte[] ScaleAndShift() =>
        new OnnxGraphBuilder("scale_and_shift")
            .Input("x", DataType.Float, "batch", 2)
            .Input("s", DataType.Float)
            .Input("k", DataType.Int64, "batch")
            .Output("scaled", DataType.Float, "batch", 2)
            .Output("shifted", DataType.Float, "batch", 2)
            .Initializer(OnnxTensors.Float("offsets", [10f, 20f, 30f], 3))
            .Initializer(OnnxTensors.Int64("column", [-1], 1))
            .Node("Mul", ["x", "s"], ["scaled"])
            .Node("Gather", ["offsets", "k"], ["picked"])
            .Node("Unsqueeze", ["picked", "column"], ["picked_column"])
            .Node("Add", ["x", "picked_column"], ["shifted"])
            .Build()
            .ToByteArray();

    /// <summary>y = x + 1, plus an output that is a sequence (which the v2 protocol cannot carry).</summary>
    public static byte[] WithSequenceOutput()
    {
        var model = new OnnxGraphBuilder("with_sequence")
            .Input("x", DataType.Float, "n")
            .Output("y", DataType.Float, "n")
            .Output("all", DataType.Float, "n")
            .Initializer(OnnxTensors.Float("one", [1f], 1))
            .Node("Add", ["x", "one"], ["y"])
            .Node("SequenceConstruct", ["x"], ["all"])
            .Build();
        var all = model.Graph.Output[1];
        all.Type = new TypeProto { SequenceType = new TypeProto.Types.Sequence { ElemType = all.Type.Clone() } };
        return model.ToByteArray();
    }
}
