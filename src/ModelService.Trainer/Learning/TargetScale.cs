using ModelService.Trainer.Data;

namespace ModelService.Trainer.Learning;

/// <summary>
/// Regression targets are trained standardized (z = (y - shift) / scale) so the learning rate means the same
/// whatever their units; the export folds the scale back in. Classifiers use the identity.
/// </summary>
public sealed record TargetScale(float Scale, float Shift)
{
    public static TargetScale For(TabularDataset train)
    {
        ArgumentNullException.ThrowIfNull(train);
        if (train.IsClassifier)
        {
            return new TargetScale(1f, 0f);
        }

        var standardizer = Standardizer.Fit(train.Targets, 1);
        return new TargetScale(standardizer.Std[0], standardizer.Mean[0]);
    }

    public float[] Apply(float[] targets) => targets.Select(t => (t - Shift) / Scale).ToArray();
}
