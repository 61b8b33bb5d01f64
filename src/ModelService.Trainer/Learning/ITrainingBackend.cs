using ModelService.Core.Training;
using ModelService.Trainer.Data;

namespace ModelService.Trainer.Learning;

/// <summary>Where the arithmetic happens: TorchSharp (CUDA or CPU), or the managed CPU fallback.</summary>
public interface ITrainingBackend
{
    /// <summary>The hardware as the model card and the job record name it, e.g. "cuda (NVIDIA H100 …)".</summary>
    string Description { get; }

    /// <summary>A fresh network for <paramref name="split"/> (standardized features), seeded by the hyperparameters.</summary>
    IEpochModel Create(DataSplit split, TargetScale target, TrainingHyperparameters hyperparameters);
}
