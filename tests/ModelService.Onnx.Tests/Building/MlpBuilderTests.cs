using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using ModelService.Onnx.Building;

namespace ModelService.Onnx.Tests.Building;

public sealed class MlpBuilderTests
{
    [Fact]
    public void A_built_classifier_computes_the_forward_pass_done_here_by_hand()
    {
        var random = new Random(3);
        var hidden = DenseLayer.Random(3, 5, Activation.Relu, random) with { Bias = [0.1f, -0.2f, 0.3f, 0f, 0.05f] };
        var output = DenseLayer.Random(5, 4, Activation.None, random);
        float[] mean = [1f, 2f, 3f], std = [2f, 0.5f, 1f];
        var model = new MlpBuilder().Standardize(mean, std).Layer(hidden).Layer(output).BuildClassifier("mlp", new ClassifierHead());
        float[] x = [0.5f, 2.5f, -1f, 3f, 1f, 4f];

        using var session = new InferenceSession(model.ToByteArray());
        using var input = OrtValue.CreateTensorValueFromMemory(x, [2, 3]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["features"], [input], ["probabilities", "label"]);

        var probabilities = results[0].GetTensorDataAsSpan<float>().ToArray();
        var labels = results[1].GetTensorDataAsSpan<long>().ToArray();
        for (var row = 0; row < 2; row++)
        {
            var standardized = x.Skip(row * 3).Take(3).Select((v, i) => (v - mean[i]) / std[i]).ToArray();
            var expected = Softmax(Dense(Dense(standardized, hidden), output));
            Assert.Equal(expected, probabilities.Skip(row * 4).Take(4), (a, b) => MathF.Abs(a - b) < 1e-5f);
            Assert.Equal(Array.IndexOf(expected, expected.Max()), labels[row]);
        }
    }

    [Fact]
    public void Layers_that_do_not_chain_are_refused() =>
        Assert.Throws<ArgumentException>(() => new MlpBuilder().Layer(DenseLayer.Random(3, 4, Activation.Relu, new Random(1))).Layer(DenseLayer.Random(5, 2, Activation.None, new Random(1))));

    private static float[] Dense(float[] x, DenseLayer layer)
    {
        var y = new float[layer.Outputs];
        for (var o = 0; o < layer.Outputs; o++)
        {
            var sum = layer.Bias[o];
            for (var i = 0; i < layer.Inputs; i++)
            {
                sum += x[i] * layer.Weights[(i * layer.Outputs) + o];
            }

            y[o] = layer.Activation == Activation.Relu ? MathF.Max(0, sum) : sum;
        }

        return y;
    }

    private static float[] Softmax(float[] logits)
    {
        var exps = logits.Select(l => MathF.Exp(l - logits.Max())).ToArray();
        return [.. exps.Select(e => e / exps.Sum())];
    }
}
