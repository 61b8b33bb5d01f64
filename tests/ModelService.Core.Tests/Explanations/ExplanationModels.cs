using Google.Protobuf;
using ModelService.Onnx.Building;
using ModelService.Testing;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Core.Tests.Explanations;

/// <summary>Models whose attributions are known: a linear scorer, and the iris MLP of the repository's samples.</summary>
internal static class ExplanationModels
{
    public static readonly float[] LinearWeights = [2f, -1f, 0.5f];
    public const float LinearBias = 0.25f;

    /// <summary>score FP32 [batch, 1] = x·w + b for x FP32 [batch, 3]: its Shapley values from a baseline z are wᵢ(xᵢ − zᵢ).</summary>
    public static byte[] Linear() =>
        new MlpBuilder("x")
            .Layer(new DenseLayer(3, 1, LinearWeights, [LinearBias], Activation.None))
            .BuildRegressor("linear", "score")
            .ToByteArray();

    /// <summary>score = Σ (i + 1 − width/2)·xᵢ over <paramref name="width"/> features: wide enough that KernelSHAP samples coalitions.</summary>
    public static byte[] WideLinear(int width) =>
        new MlpBuilder("x")
            .Layer(new DenseLayer(width, 1, [.. Enumerable.Range(0, width).Select(i => i + 1f - (width / 2f))], [0f], Activation.None))
            .BuildRegressor("wide_linear", "score")
            .ToByteArray();

    /// <summary>Two inputs: not a flat numeric input, so not explainable.</summary>
    public static byte[] TwoInputs() =>
        new OnnxGraphBuilder("two_inputs")
            .Input("a", DataType.Float, "batch", 2)
            .Input("b", DataType.Float, "batch", 2)
            .Output("sum", DataType.Float, "batch", 2)
            .Node("Add", ["a", "b"], ["sum"])
            .Build()
            .ToByteArray();

    public static byte[] Iris() => File.ReadAllBytes(RepositoryPaths.Combine("models", "iris-mlp.onnx"));
}
