using Microsoft.ML.OnnxRuntime;
using ModelService.Onnx.Building;
using ModelService.Onnx.Writing;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Tests.Support;

/// <summary>What ONNX Runtime's u8×s8 MatMulInteger computes on this CPU, for the C# references to be compared with.</summary>
public static class MatMulIntegerRun
{
    /// <summary>Row-major uint8 activations [rows, inner] times constant int8 weights [inner, columns], no zero points.</summary>
    public static int[] Multiply(byte[] activations, sbyte[] weights, int rows, int inner, int columns)
    {
        var model = new OnnxGraphBuilder("matmulinteger")
            .Input("a", DataType.Uint8, rows, inner)
            .Output("y", DataType.Int32, rows, columns)
            .Initializer(OnnxTensors.Int8("b", weights, inner, columns))
            .Node("MatMulInteger", ["a", "b"], ["y"])
            .Build();
        using var session = new InferenceSession(OnnxModelWriter.ToBytes(model));
        using var input = OrtValue.CreateTensorValueFromMemory(activations, [rows, inner]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["a"], [input], ["y"]);
        return results[0].GetTensorDataAsSpan<int>().ToArray();
    }
}
