namespace ModelService.Core.Training;

/// <summary>What a tenant asks for: train <see cref="Recipe"/> on a dataset and publish the result as <see cref="OutputModel"/>.</summary>
public sealed record TrainingJobRequest(
    string? Recipe,
    string? Dataset,
    string? Label,
    string? OutputModel,
    IReadOnlyDictionary<string, string>? Hyperparameters);
