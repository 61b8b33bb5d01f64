using ModelService.Core.Training;
using ModelService.Trainer.Data;

namespace ModelService.Trainer.Learning;

/// <summary>The fallback backend: the same MLP, loss and Adam in plain .NET on the CPU, for hosts without a usable libtorch.</summary>
public sealed class ManagedBackend : ITrainingBackend
{
    public string Description => $"cpu ({Environment.ProcessorCount} cores, managed)";

    public IEpochModel Create(DataSplit split, TargetScale target, TrainingHyperparameters hyperparameters) =>
        new ManagedEpochModel(split, target, hyperparameters);
}
