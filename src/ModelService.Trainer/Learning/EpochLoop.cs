using ModelService.Core.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelService.Trainer.Learning;

/// <summary>One pass over the shuffled training rows in mini-batches, then an evaluation on the validation rows.</summary>
public sealed class EpochLoop
{
    private readonly MlpNetwork _network;
    private readonly DeviceData _data;
    private readonly optim.Optimizer _optimizer;
    private readonly TrainingHyperparameters _hyperparameters;
    private readonly Random _random;

    public EpochLoop(MlpNetwork network, DeviceData data, optim.Optimizer optimizer, TrainingHyperparameters hyperparameters, Random random)
    {
        _network = network;
        _data = data;
        _optimizer = optimizer;
        _hyperparameters = hyperparameters;
        _random = random;
    }

    public EpochReport Run(int epoch, TargetScale target)
    {
        var trainLoss = TrainOneEpoch();
        var (validationLoss, metricName, metricValue) = Evaluate(target);
        return new EpochReport(epoch, _hyperparameters.Epochs, trainLoss, validationLoss, metricName, metricValue);
    }

    private double TrainOneEpoch()
    {
        _network.Model.train();
        var order = Enumerable.Range(0, _data.TrainRows).Select(i => (long)i).ToArray();
        _random.Shuffle(order);
        var (total, rows) = (0.0, 0);
        for (var start = 0; start < order.Length; start += _hyperparameters.BatchSize)
        {
            using var scope = torch.NewDisposeScope();
            var batch = order[start..Math.Min(start + _hyperparameters.BatchSize, order.Length)];
            var index = torch.tensor(batch, device: _data.TrainX.device);
            _optimizer.zero_grad();
            var loss = Loss(_network.Model.forward(_data.TrainX.index_select(0, index)), _data.TrainY.index_select(0, index));
            loss.backward();
            _optimizer.step();
            total += loss.ToDouble() * batch.Length;
            rows += batch.Length;
        }

        return total / rows;
    }

    private (double Loss, string MetricName, double MetricValue) Evaluate(TargetScale target)
    {
        _network.Model.eval();
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var output = _network.Model.forward(_data.ValidationX);
        var loss = Loss(output, _data.ValidationY).ToDouble();
        if (_data.IsClassifier)
        {
            var correct = output.argmax(1).eq(_data.ValidationY).sum().ToInt64();
            return (loss, "accuracy", correct / (double)_data.ValidationY.shape[0]);
        }

        // The loss is on the standardized target; the metric is in the target's own units.
        return (loss, "rmse", Math.Sqrt(loss) * target.Scale);
    }

    private Tensor Loss(Tensor output, Tensor target) =>
        _data.IsClassifier ? nn.functional.cross_entropy(output, target) : nn.functional.mse_loss(output, target);
}
