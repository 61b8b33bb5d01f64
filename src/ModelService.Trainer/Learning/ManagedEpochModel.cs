using ModelService.Core.Training;
using ModelService.Learning;
using ModelService.Onnx.Building;
using ModelService.Trainer.Data;

namespace ModelService.Trainer.Learning;

/// <summary>
/// The managed MLP (<see cref="DenseNetwork"/>): ReLU hidden layers, cross-entropy (classifier) or mean squared
/// error on the standardized target (regressor), mini-batch Adam over seeded shuffles. Mirrors the TorchSharp
/// backend's arithmetic.
/// </summary>
public sealed class ManagedEpochModel : IEpochModel
{
    private readonly DenseNetwork _network;
    private readonly DataSplit _split;
    private readonly float[] _trainTargets;
    private readonly float[] _validationTargets;
    private readonly TargetScale _target;
    private readonly TrainingHyperparameters _hyperparameters;
    private readonly Random _random;

    public ManagedEpochModel(DataSplit split, TargetScale target, TrainingHyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(hyperparameters);
        (_split, _target, _hyperparameters) = (split, target, hyperparameters);
        _random = new Random(hyperparameters.Seed);
        var (outputs, loss) = IsClassifier ? (split.Train.Classes.Count, (LossFunction)new SoftmaxCrossEntropy()) : (1, new SquaredError());
        _network = new DenseNetwork(split.Train.Width, hyperparameters.Hidden, outputs, loss, new Random(hyperparameters.Seed + 1));
        (_trainTargets, _validationTargets) = IsClassifier ? (split.Train.Targets, split.Validation.Targets) : (target.Apply(split.Train.Targets), target.Apply(split.Validation.Targets));
    }

    private bool IsClassifier => _split.Train.IsClassifier;

    public EpochReport RunEpoch(int epoch)
    {
        var trainLoss = _network.TrainEpoch(_split.Train.Features, _trainTargets, _hyperparameters.BatchSize, _random, (float)_hyperparameters.LearningRate);
        var rows = _split.Validation.Rows;
        var (loss, output) = _network.Evaluate(_split.Validation.Features, _validationTargets, rows);
        var metric = IsClassifier ? ("accuracy", Scores.Accuracy(output, _validationTargets, rows)) : ("rmse", Math.Sqrt(loss) * _target.Scale);
        return new EpochReport(epoch, _hyperparameters.Epochs, trainLoss, loss, metric.Item1, metric.Item2);
    }

    public IReadOnlyList<DenseLayer> Export() => _network.Layers.Select((layer, i) =>
    {
        var last = i == _network.Layers.Count - 1;
        var weights = last ? layer.Weights.Select(w => w * _target.Scale).ToArray() : (float[])layer.Weights.Clone();
        var bias = last ? layer.Bias.Select(b => (b * _target.Scale) + _target.Shift).ToArray() : (float[])layer.Bias.Clone();
        return new DenseLayer(layer.Inputs, layer.Outputs, weights, bias, last ? Activation.None : Activation.Relu);
    }).ToList();

    public void Dispose()
    {
    }
}
