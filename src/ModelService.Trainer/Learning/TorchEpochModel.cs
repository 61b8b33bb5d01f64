using ModelService.Core.Training;
using ModelService.Onnx.Building;
using ModelService.Trainer.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelService.Trainer.Learning;

/// <summary>An MLP in TorchSharp with Adam, its data on the device, trained by <see cref="EpochLoop"/>.</summary>
public sealed class TorchEpochModel : IEpochModel
{
    private readonly MlpNetwork _network;
    private readonly DeviceData _data;
    private readonly optim.Optimizer _optimizer;
    private readonly EpochLoop _loop;
    private readonly TargetScale _target;

    public TorchEpochModel(DataSplit split, TargetScale target, TrainingHyperparameters hyperparameters, Device device)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(hyperparameters);
        torch.manual_seed(hyperparameters.Seed);
        _target = target;
        var classes = split.Train.Classes.Count;
        _network = new MlpNetwork(split.Train.Width, hyperparameters.Hidden, classes > 0 ? classes : 1, device);
        _data = new DeviceData(split, target, device);
        _optimizer = optim.Adam(_network.Model.parameters(), lr: hyperparameters.LearningRate);
        _loop = new EpochLoop(_network, _data, _optimizer, hyperparameters, new Random(hyperparameters.Seed));
    }

    public EpochReport RunEpoch(int epoch) => _loop.Run(epoch, _target);

    public IReadOnlyList<DenseLayer> Export() => _network.ExportLayers(_target.Scale, _target.Shift);

    public void Dispose()
    {
        _optimizer.Dispose();
        _data.Dispose();
        _network.Dispose();
    }
}
