namespace ModelService.Core.Registry;

/// <summary>
/// The part of a model card the trainer writes, so anyone can tell which data and settings produced a version.
/// Values are plain strings and numbers: the registry stays independent of the training code.
/// </summary>
public sealed record TrainingProvenance
{
    public required string JobId { get; init; }

    public required string Recipe { get; init; }

    public required string Dataset { get; init; }

    public required string DatasetSha256 { get; init; }

    public required int DatasetRows { get; init; }

    public required string Label { get; init; }

    public required IReadOnlyList<string> Features { get; init; }

    /// <summary>Class names in output order (the label output's index); empty for regressors.</summary>
    public IReadOnlyList<string> Classes { get; init; } = [];

    public required IReadOnlyDictionary<string, string> Hyperparameters { get; init; }

    public required IReadOnlyDictionary<string, double> Metrics { get; init; }

    public required double DurationSeconds { get; init; }

    public required string Hardware { get; init; }

    /// <summary>Per-group metrics on the validation rows for the job's sensitive columns; null when it named none.</summary>
    public FairnessReport? Fairness { get; init; }

    /// <summary>The post-processing steps that ran after export (e.g. quantization), in order, with their outcome.</summary>
    public IReadOnlyList<string> PostProcessing { get; init; } = [];
}
