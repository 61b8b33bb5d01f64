namespace ModelService.Core.Registry;

/// <summary>
/// How a trained version treats the groups of each sensitive column, measured on the validation rows with the
/// published model. Written by the trainer into the model card's training section.
/// </summary>
public sealed record FairnessReport
{
    public required IReadOnlyList<FairnessColumnReport> Columns { get; init; }

    /// <summary>The gate the job set (<c>maxParityGap</c>), null when none.</summary>
    public double? MaxParityGap { get; init; }
}
