namespace ModelService.Core.Registry;

/// <summary>
/// One sensitive column's groups and the gaps between them. For classifiers, every class is taken one-vs-rest:
/// the demographic-parity difference is the largest gap between groups in the rate of predicting a class, the
/// equalised-odds difference the largest gap in its true- or false-positive rate. For regressors, the error gap
/// is the largest gap in mean absolute error.
/// </summary>
public sealed record FairnessColumnReport
{
    public required string Column { get; init; }

    public required IReadOnlyList<FairnessGroupMetrics> Groups { get; init; }

    public double? DemographicParityDifference { get; init; }

    public double? EqualizedOddsDifference { get; init; }

    public double? MeanAbsoluteErrorGap { get; init; }
}
