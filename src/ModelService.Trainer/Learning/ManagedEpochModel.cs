using ModelService.Core.Training;
using ModelService.Onnx.Building;
using ModelService.Trainer.Data;

namespace ModelService.Trainer.Learning;

/// <summary>
/// The managed MLP: ReLU hidden layers, cross-entropy (classifier) or mean squared error on the standardized
/// target (regressor), mini-batch Adam over seeded shuffles. Mirrors the TorchSharp backend's arithmetic.
/// </summary>
public sealed class ManagedEpochModel : IEpochModel
{
    private readonly List<ManagedLayer> _layers = [];
    private readonly DataSplit _split;
    private readonly float[] _trainTargets;
    private readonly float[] _validationTargets;
    private readonly TargetScale _target;
    private readonly TrainingHyperparameters _hyperparameters;
    private readonly Random _random;
    private int _step;

    public ManagedEpochModel(DataSplit split, TargetScale target, TrainingHyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(hyperparameters);
        (_split, _target, _hyperparameters) = (split, target, hyperparameters);
        _random = new Random(hyperparameters.Seed);
        var initRandom = new Random(hyperparameters.Seed + 1);
        var width = split.Train.Width;
        foreach (var size in hyperparameters.Hidden.Append(IsClassifier ? split.Train.Classes.Count : 1))
        {
            _layers.Add(new ManagedLayer(width, size, initRandom));
            width = size;
        }

        (_trainTargets, _validationTargets) = IsClassifier ? (split.Train.Targets, split.Validation.Targets) : (target.Apply(split.Train.Targets), target.Apply(split.Validation.Targets));
    }

    private bool IsClassifier => _split.Train.IsClassifier;

    private int Outputs => _layers[^1].Outputs;

    public EpochReport RunEpoch(int epoch)
    {
        var trainLoss = TrainOneEpoch();
        var (features, rows) = (_split.Validation.Features, _split.Validation.Rows);
        var output = Forward(features, rows, out _);
        var (loss, _) = LossAndGradient(output, _validationTargets, rows);
        var metric = IsClassifier ? ("accuracy", Accuracy(output, rows)) : ("rmse", Math.Sqrt(loss) * _target.Scale);
        return new EpochReport(epoch, _hyperparameters.Epochs, trainLoss, loss, metric.Item1, metric.Item2);
    }

    public IReadOnlyList<DenseLayer> Export() => _layers.Select((layer, i) =>
    {
        var last = i == _layers.Count - 1;
        var weights = last ? layer.Weights.Select(w => w * _target.Scale).ToArray() : (float[])layer.Weights.Clone();
        var bias = last ? layer.Bias.Select(b => (b * _target.Scale) + _target.Shift).ToArray() : (float[])layer.Bias.Clone();
        return new DenseLayer(layer.Inputs, layer.Outputs, weights, bias, last ? Activation.None : Activation.Relu);
    }).ToList();

    public void Dispose()
    {
    }

    private double TrainOneEpoch()
    {
        var order = Enumerable.Range(0, _split.Train.Rows).ToArray();
        _random.Shuffle(order);
        var (total, width) = (0.0, _split.Train.Width);
        for (var start = 0; start < order.Length; start += _hyperparameters.BatchSize)
        {
            var batch = order[start..Math.Min(start + _hyperparameters.BatchSize, order.Length)];
            var x = new float[batch.Length * width];
            for (var r = 0; r < batch.Length; r++)
            {
                Array.Copy(_split.Train.Features, batch[r] * width, x, r * width, width);
            }

            var output = Forward(x, batch.Length, out var inputs);
            var (loss, gradient) = LossAndGradient(output, batch.Select(i => _trainTargets[i]).ToArray(), batch.Length);
            Backward(inputs, gradient, batch.Length);
            total += loss * batch.Length;
        }

        return total / order.Length;
    }

    /// <summary>The network's output; <paramref name="inputs"/> keeps each layer's input for the backward pass.</summary>
    private float[] Forward(float[] x, int rows, out List<float[]> inputs)
    {
        inputs = [];
        var current = x;
        for (var i = 0; i < _layers.Count; i++)
        {
            inputs.Add(current);
            current = _layers[i].Forward(current, rows);
            if (i < _layers.Count - 1)
            {
                for (var j = 0; j < current.Length; j++)
                {
                    current[j] = MathF.Max(0f, current[j]);
                }
            }
        }

        return current;
    }

    private void Backward(List<float[]> inputs, float[] gradient, int rows)
    {
        _step++;
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            var inputGradient = _layers[i].Backward(inputs[i], gradient, rows);
            if (i > 0)
            {
                // inputs[i] is the previous layer's ReLU output: its derivative is 1 where it is positive.
                for (var j = 0; j < inputGradient.Length; j++)
                {
                    inputGradient[j] = inputs[i][j] > 0f ? inputGradient[j] : 0f;
                }
            }

            gradient = inputGradient;
        }

        foreach (var layer in _layers)
        {
            layer.Step((float)_hyperparameters.LearningRate, _step);
        }
    }

    /// <summary>Mean loss over the rows and its gradient with respect to the output.</summary>
    private (double Loss, float[] Gradient) LossAndGradient(float[] output, float[] targets, int rows)
    {
        var gradient = new float[output.Length];
        var total = 0.0;
        for (var r = 0; r < rows; r++)
        {
            var row = output.AsSpan(r * Outputs, Outputs);
            var rowGradient = gradient.AsSpan(r * Outputs, Outputs);
            total += IsClassifier ? CrossEntropy(row, (int)targets[r], rowGradient, rows) : SquaredError(row[0], targets[r], rowGradient, rows);
        }

        return (total / rows, gradient);
    }

    private static double CrossEntropy(ReadOnlySpan<float> logits, int label, Span<float> gradient, int rows)
    {
        var max = float.NegativeInfinity;
        foreach (var logit in logits)
        {
            max = MathF.Max(max, logit);
        }

        var sum = 0.0;
        for (var k = 0; k < logits.Length; k++)
        {
            sum += Math.Exp(logits[k] - max);
        }

        for (var k = 0; k < logits.Length; k++)
        {
            gradient[k] = (float)((Math.Exp(logits[k] - max) / sum) - (k == label ? 1 : 0)) / rows;
        }

        return Math.Log(sum) + max - logits[label];
    }

    private static double SquaredError(float prediction, float target, Span<float> gradient, int rows)
    {
        var error = prediction - target;
        gradient[0] = 2 * error / rows;
        return error * (double)error;
    }

    private double Accuracy(float[] output, int rows)
    {
        var correct = 0;
        for (var r = 0; r < rows; r++)
        {
            var row = output.AsSpan(r * Outputs, Outputs);
            correct += row.IndexOf(MaxOf(row)) == (int)_split.Validation.Targets[r] ? 1 : 0;
        }

        return correct / (double)rows;
    }

    private static float MaxOf(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var value in values)
        {
            max = MathF.Max(max, value);
        }

        return max;
    }
}
