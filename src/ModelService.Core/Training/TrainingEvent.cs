namespace ModelService.Core.Training;

/// <summary>One progress report of a job: an epoch's losses and validation metric, or a stage it reached.</summary>
public sealed record TrainingEvent
{
    public required int Sequence { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>"epoch" for per-epoch progress; otherwise the stage (claimed, dataset, exported, published, …).</summary>
    public required string Kind { get; init; }

    public string? Message { get; init; }

    public int? Epoch { get; init; }

    public int? Epochs { get; init; }

    public double? TrainLoss { get; init; }

    public double? ValidationLoss { get; init; }

    /// <summary>accuracy (classifiers) or rmse (regressors), on the validation split.</summary>
    public string? MetricName { get; init; }

    public double? MetricValue { get; init; }
}
