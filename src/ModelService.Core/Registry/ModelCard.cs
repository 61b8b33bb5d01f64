namespace ModelService.Core.Registry;

/// <summary>The short description a tenant reads before calling a model.</summary>
public sealed record ModelCard(string? Description, string? IntendedUse, string? Limitations, string? License)
{
    public static ModelCard Empty { get; } = new(null, null, null, null);

    /// <summary>How a trained version was made (dataset hash, hyperparameters, metrics, hardware); null for uploads.</summary>
    public TrainingProvenance? Training { get; init; }

    /// <summary>Class names in the order of a classifier output's last axis (the classification extension's labels); null when not given.</summary>
    public IReadOnlyList<string>? ClassNames { get; init; }
}
