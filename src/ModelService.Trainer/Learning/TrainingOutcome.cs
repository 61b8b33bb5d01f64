using ModelService.Onnx.Building;

namespace ModelService.Trainer.Learning;

/// <summary>
/// The best network found (by validation loss), as dense layers in ONNX Gemm layout with the target scaling
/// already folded into the last one, and what it scored.
/// </summary>
public sealed record TrainingOutcome(
    IReadOnlyList<DenseLayer> Layers,
    IReadOnlyDictionary<string, double> Metrics,
    int EpochsRun,
    bool Cancelled,
    double SamplesPerSecond);
