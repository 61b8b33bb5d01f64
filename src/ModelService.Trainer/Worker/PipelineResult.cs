namespace ModelService.Trainer.Worker;

/// <summary>How an attempt's training ended: cancelled between epochs, or published as a version with its metrics.</summary>
public sealed record PipelineResult(bool Cancelled, int? Version, IReadOnlyDictionary<string, double> Metrics, string Device);
