namespace ModelService.Learning.Tests;

public sealed class DenseNetworkTests
{
    private const int Rows = 40, Width = 3;

    public static TheoryData<string> Losses => ["cross-entropy", "squared-error"];

    [Theory]
    [MemberData(nameof(Losses))]
    public void A_training_step_uses_the_gradient_of_the_mean_loss_for_every_weight_and_bias(string lossName)
    {
        var (features, targets, outputs) = Problem(lossName);
        var trained = Network(lossName, outputs);
        var probe = Network(lossName, outputs);

        // One full batch: the gradients the layers keep are those at the initial weights, which the probe still has.
        trained.TrainEpoch(features, targets, batchSize: Rows, new Random(1), learningRate: 0.01f);

        for (var l = 0; l < probe.Layers.Count; l++)
        {
            AssertMatchesFiniteDifferences(probe, probe.Layers[l].Weights, trained.Layers[l].WeightGradient, features, targets);
            AssertMatchesFiniteDifferences(probe, probe.Layers[l].Bias, trained.Layers[l].BiasGradient, features, targets);
        }
    }

    [Theory]
    [MemberData(nameof(Losses))]
    public void The_same_seeds_train_the_same_weights_bit_for_bit(string lossName)
    {
        var (features, targets, outputs) = Problem(lossName);
        var (first, second) = (Network(lossName, outputs), Network(lossName, outputs));

        for (var epoch = 0; epoch < 5; epoch++)
        {
            first.TrainEpoch(features, targets, batchSize: 16, new Random(epoch), learningRate: 0.01f);
            second.TrainEpoch(features, targets, batchSize: 16, new Random(epoch), learningRate: 0.01f);
        }

        Assert.All(first.Layers.Zip(second.Layers), pair =>
        {
            Assert.Equal(pair.First.Weights, pair.Second.Weights);
            Assert.Equal(pair.First.Bias, pair.Second.Bias);
        });
    }

    [Fact]
    public void Mini_batch_Adam_learns_a_problem_that_needs_the_hidden_layer()
    {
        var (features, targets, outputs) = Problem("cross-entropy");
        var network = Network("cross-entropy", outputs);
        var shuffle = new Random(2);
        var (before, _) = network.Evaluate(features, targets, Rows);

        for (var epoch = 0; epoch < 200; epoch++)
        {
            network.TrainEpoch(features, targets, batchSize: 8, shuffle, learningRate: 0.02f);
        }

        var (after, output) = network.Evaluate(features, targets, Rows);
        Assert.True(after < before / 4, $"loss {before:F4} -> {after:F4}");
        Assert.True(Scores.Accuracy(output, targets, Rows) > 0.95, $"accuracy {Scores.Accuracy(output, targets, Rows):P1}");
    }

    [Fact]
    public void Forward_is_relu_between_layers_and_linear_at_the_end()
    {
        var network = new DenseNetwork(1, [1], 1, new SquaredError(), new Random(0));
        (network.Layers[0].Weights[0], network.Layers[0].Bias[0]) = (2f, -1f);
        (network.Layers[1].Weights[0], network.Layers[1].Bias[0]) = (-3f, 0.5f);

        var output = network.Forward([2f, 0f], 2);

        // Row 1: relu(2·2 - 1) = 3, then -3·3 + 0.5. Row 2: relu(-1) = 0, then 0.5; the last layer may go negative.
        Assert.Equal([-8.5f, 0.5f], output);
    }

    [Theory]
    [InlineData(LayerInitialization.PyTorchLinear, 0.5f, true)]
    [InlineData(LayerInitialization.HeUniform, 0.70710677f, false)]
    public void First_weights_are_uniform_within_the_schemes_bound(LayerInitialization initialization, float bound, bool biased)
    {
        var layer = new TrainableDenseLayer(4, 200, new Random(5), initialization);

        Assert.All(layer.Weights, w => Assert.InRange(w, -bound, bound));
        Assert.True(layer.Weights.Max() > 0.9f * bound && layer.Weights.Min() < -0.9f * bound);
        Assert.Equal(biased, layer.Bias.Any(b => b != 0f));
        Assert.All(layer.Bias, b => Assert.InRange(b, -bound, bound));
    }

    private static DenseNetwork Network(string lossName, int outputs) =>
        new(Width, [6, 5], outputs, lossName == "cross-entropy" ? new SoftmaxCrossEntropy() : new SquaredError(), new Random(7));

    /// <summary>Three classes by the sign of x0·x1 and of x2 (not linearly separable), or a smooth regression target.</summary>
    private static (float[] Features, float[] Targets, int Outputs) Problem(string lossName)
    {
        var random = new Random(3);
        var features = Enumerable.Range(0, Rows * Width).Select(_ => (float)((random.NextDouble() * 2) - 1)).ToArray();
        var targets = Enumerable.Range(0, Rows).Select(r =>
        {
            var (x0, x1, x2) = (features[r * Width], features[(r * Width) + 1], features[(r * Width) + 2]);
            return lossName == "cross-entropy" ? (x0 * x1 > 0 ? 0f : x2 > 0 ? 1f : 2f) : (x0 * x1) + (0.5f * x2);
        }).ToArray();
        return (features, targets, lossName == "cross-entropy" ? 3 : 1);
    }

    private static void AssertMatchesFiniteDifferences(DenseNetwork probe, float[] parameters, float[] gradient, float[] features, float[] targets)
    {
        const float step = 1e-3f;
        for (var i = 0; i < parameters.Length; i++)
        {
            var original = parameters[i];
            parameters[i] = original + step;
            var up = probe.Evaluate(features, targets, Rows).Loss;
            parameters[i] = original - step;
            var down = probe.Evaluate(features, targets, Rows).Loss;
            parameters[i] = original;
            var numeric = (up - down) / (2 * step);
            Assert.True(Math.Abs(numeric - gradient[i]) < 2e-3 + (0.02 * Math.Abs(numeric)), $"parameter {i}: analytic {gradient[i]}, numeric {numeric}");
        }
    }
}
