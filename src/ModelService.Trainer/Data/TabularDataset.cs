namespace ModelService.Trainer.Data;

/// <summary>
/// Numeric features (row-major, <see cref="Rows"/> × <see cref="FeatureNames"/>.Count) and one target per row:
/// a class index for classifiers (whose names are <see cref="Classes"/>), a number for regressors.
/// </summary>
public sealed record TabularDataset(IReadOnlyList<string> FeatureNames, float[] Features, float[] Targets, IReadOnlyList<string> Classes)
{
    public int Rows => Targets.Length;

    public int Width => FeatureNames.Count;

    public bool IsClassifier => Classes.Count > 0;

    /// <summary>The job's sensitive columns, one group per row; empty when it named none.</summary>
    public IReadOnlyList<SensitiveColumn> Sensitive { get; init; } = [];

    /// <summary>The rows at <paramref name="indices"/>, in that order.</summary>
    public TabularDataset Select(IReadOnlyList<int> indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var features = new float[indices.Count * Width];
        var targets = new float[indices.Count];
        for (var i = 0; i < indices.Count; i++)
        {
            Array.Copy(Features, indices[i] * Width, features, i * Width, Width);
            targets[i] = Targets[indices[i]];
        }

        var sensitive = Sensitive.Select(c => c with { Groups = [.. indices.Select(i => c.Groups[i])] }).ToList();
        return this with { Features = features, Targets = targets, Sensitive = sensitive };
    }
}
