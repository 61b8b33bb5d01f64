using ModelService.Learning;

namespace ModelService.SampleModels.Training;

/// <summary>
/// A small classifier trained here, in C#, on the trainer's own managed arithmetic (<see cref="DenseNetwork"/>):
/// standardised inputs → dense ReLU layer → dense logits, softmax cross-entropy, full-batch Adam. Enough to give
/// the sample models real, reproducible weights.
/// </summary>
public sealed class TwoLayerClassifier
{
    private readonly DenseNetwork _network;
    private readonly Random _shuffle;

    /// <summary>He-uniform first weights and zero biases drawn from <paramref name="seed"/>; the (one, full) batch's row order from the same seed.</summary>
    public TwoLayerClassifier(int inputs, int hidden, int classes, int seed)
    {
        (Inputs, Hidden, Classes) = (inputs, hidden, classes);
        _network = new DenseNetwork(inputs, [hidden], classes, new SoftmaxCrossEntropy(), new Random(seed), LayerInitialization.HeUniform);
        _shuffle = new Random(seed);
    }

    public int Inputs { get; }

    public int Hidden { get; }

    public int Classes { get; }

    public float[] Mean { get; private set; } = [];

    public float[] Std { get; private set; } = [];

    public float[] W1 => _network.Layers[0].Weights;

    public float[] B1 => _network.Layers[0].Bias;

    public float[] W2 => _network.Layers[1].Weights;

    public float[] B2 => _network.Layers[1].Bias;

    public void Train(LabeledSet data, int epochs, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(data);
        (Mean, Std) = Moments(data);
        var (x, labels) = (Standardize(data.Features), Labels(data));
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            _network.TrainEpoch(x, labels, batchSize: data.Count, _shuffle, learningRate);
        }
    }

    public int Predict(float[] features)
    {
        ArgumentNullException.ThrowIfNull(features);
        return Scores.ArgMax(_network.Forward(Standardize([features]), 1));
    }

    public double Accuracy(LabeledSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return Scores.Accuracy(_network.Forward(Standardize(data.Features), data.Count), Labels(data), data.Count);
    }

    /// <summary>The rows standardised, row-major.</summary>
    private float[] Standardize(float[][] rows) => [.. rows.SelectMany(row => row.Select((v, i) => (v - Mean[i]) / Std[i]))];

    private static float[] Labels(LabeledSet data) => [.. data.Labels.Select(label => (float)label)];

    private static (float[] Mean, float[] Std) Moments(LabeledSet data)
    {
        var mean = Enumerable.Range(0, data.Width).Select(i => data.Features.Average(r => r[i])).ToArray();
        var std = Enumerable.Range(0, data.Width)
            .Select(i => MathF.Sqrt(data.Features.Average(r => (r[i] - mean[i]) * (r[i] - mean[i]))))
            .ToArray();
        return (mean, std);
    }
}
