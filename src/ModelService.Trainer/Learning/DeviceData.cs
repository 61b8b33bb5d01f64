using ModelService.Trainer.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace ModelService.Trainer.Learning;

/// <summary>Both splits copied to the device once, so an epoch moves no data between host and GPU.</summary>
public sealed class DeviceData : IDisposable
{
    public DeviceData(DataSplit split, TargetScale target, Device device)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(target);
        IsClassifier = split.Train.IsClassifier;
        TrainRows = split.Train.Rows;
        TrainX = Features(split.Train, device);
        TrainY = Targets(split.Train, target, device);
        ValidationX = Features(split.Validation, device);
        ValidationY = Targets(split.Validation, target, device);
    }

    public bool IsClassifier { get; }

    public int TrainRows { get; }

    public Tensor TrainX { get; }

    public Tensor TrainY { get; }

    public Tensor ValidationX { get; }

    public Tensor ValidationY { get; }

    public void Dispose()
    {
        TrainX.Dispose();
        TrainY.Dispose();
        ValidationX.Dispose();
        ValidationY.Dispose();
    }

    private static Tensor Features(TabularDataset data, Device device) =>
        torch.tensor(data.Features, [data.Rows, data.Width], device: device);

    private static Tensor Targets(TabularDataset data, TargetScale target, Device device) =>
        data.IsClassifier
            ? torch.tensor(data.Targets.Select(t => (long)t).ToArray(), [data.Rows], device: device)
            : torch.tensor(target.Apply(data.Targets), [data.Rows, 1], device: device);
}
