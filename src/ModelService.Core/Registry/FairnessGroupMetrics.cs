namespace ModelService.Core.Registry;

/// <summary>A group's validation figures: accuracy and macro recall (classifiers), or mean absolute and root-mean-square error (regressors).</summary>
public sealed record FairnessGroupMetrics
{
    public required string Group { get; init; }

    public required int Rows { get; init; }

    public double? Accuracy { get; init; }

    /// <summary>Recall averaged over the classes present among the group's true labels.</summary>
    public double? Recall { get; init; }

    /// <summary>Share of the group's rows predicted as each class, by class name.</summary>
    public IReadOnlyDictionary<string, double>? SelectionRates { get; init; }

    public double? MeanAbsoluteError { get; init; }

    public double? RootMeanSquaredError { get; init; }
}
