namespace ModelService.Core.Training;

/// <summary>What a tenant asks for: train <see cref="Recipe"/> on a dataset and publish the result as <see cref="OutputModel"/>.</summary>
public sealed record TrainingJobRequest(
    string? Recipe,
    string? Dataset,
    string? Label,
    string? OutputModel,
    IReadOnlyDictionary<string, string>? Hyperparameters)
{
    /// <summary>Columns whose groups the trainer reports metrics for; not features unless <see cref="UseSensitiveAsFeatures"/>.</summary>
    public IReadOnlyList<string>? SensitiveColumns { get; init; }

    public bool? UseSensitiveAsFeatures { get; init; }

    /// <summary>Largest demographic-parity difference (0 to 1) a classifier may have and still be published.</summary>
    public double? MaxParityGap { get; init; }
}
