namespace ModelService.Core.Registry;

/// <summary>The short description a tenant reads before calling a model.</summary>
public sealed record ModelCard(string? Description, string? IntendedUse, string? Limitations, string? License)
{
    public static ModelCard Empty { get; } = new(null, null, null, null);

    /// <summary>How a trained version was made (dataset hash, hyperparameters, metrics, hardware); null for uploads.</summary>
    public TrainingProvenance? Training { get; init; }

    /// <summary>Class names in the order of a classifier output's last axis (the classification extension's labels); null when not given.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }

    /// <summary>Where the training data came from (source, collection, licence, preprocessing).</summary>
    public string? TrainingData { get; init; }

    /// <summary>Metric name to value, measured on data the model was not trained on.</summary>
    public IReadOnlyDictionary<string, double>? EvaluationMetrics { get; init; }

    /// <summary>One value per input feature: where explanations start when a request gives no baseline; null: zeros.</summary>
    public IReadOnlyList<double>? ExplanationBaseline { get; init; }
}
