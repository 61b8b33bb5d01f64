using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;

namespace ModelService.Onnx.Tests.Support;

/// <summary>Seeded MLPs built with the library's <see cref="MlpBuilder"/>: input "input" [batch, widths[0]], output "output".</summary>
public static class TestMlp
{
    /// <summary>Hidden layers use <paramref name="hidden"/>; the last layer is linear.</summary>
    public static ModelProto Regressor(int[] widths, LinearStyle style = LinearStyle.Gemm, int seed = 3, Activation hidden = Activation.Relu) =>
        Layers(widths, style, seed, hidden).BuildRegressor("mlp", "output");

    public static ModelProto Classifier(int[] widths, LinearStyle style = LinearStyle.Gemm, int seed = 3) =>
        Layers(widths, style, seed, Activation.Relu).BuildClassifier("mlp", new ClassifierHead());

    private static MlpBuilder Layers(int[] widths, LinearStyle style, int seed, Activation hidden)
    {
        var random = new Random(seed);
        var builder = new MlpBuilder("input").Style(style);
        for (var i = 0; i + 1 < widths.Length; i++)
        {
            builder.Layer(DenseLayer.Random(widths[i], widths[i + 1], i + 2 == widths.Length ? Activation.None : hidden, random));
        }

        return builder;
    }
}
