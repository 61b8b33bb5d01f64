using ModelService.Onnx.Building;

namespace ModelService.Trainer.Learning;

/// <summary>A network being trained by one backend: run an epoch, or export its current weights as ONNX-ready layers.</summary>
public interface IEpochModel : IDisposable
{
    EpochReport RunEpoch(int epoch);

    IReadOnlyList<DenseLayer> Export();
}
