namespace ModelService.Core.Training;

/// <summary>The recipes the trainer knows. A job naming anything else is refused at submission.</summary>
public static class TrainingRecipes
{
    /// <summary>MLP on numeric CSV features predicting a categorical label; softmax probabilities and arg-max label.</summary>
    public const string TabularClassifier = "tabular-classifier";

    /// <summary>MLP on numeric CSV features predicting a numeric label.</summary>
    public const string TabularRegressor = "tabular-regressor";

    public static IReadOnlyList<string> All { get; } = [TabularClassifier, TabularRegressor];

    public static bool IsKnown(string? recipe) => recipe is not null && All.Contains(recipe, StringComparer.Ordinal);
}
