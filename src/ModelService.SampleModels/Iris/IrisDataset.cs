using ModelService.SampleModels.Training;

namespace ModelService.SampleModels.Iris;

/// <summary>
/// An iris-like data set: three classes of four measurements (sepal length and width, petal length and width,
/// in cm) drawn from normal distributions with the per-class means and standard deviations of Fisher's iris
/// data. Seeded, so the same seed always gives the same rows.
/// </summary>
public static class IrisDataset
{
    public static readonly string[] ClassNames = ["setosa", "versicolor", "virginica"];

    private static readonly float[][] Means =
    [
        [5.006f, 3.428f, 1.462f, 0.246f],
        [5.936f, 2.770f, 4.260f, 1.326f],
        [6.588f, 2.974f, 5.552f, 2.026f],
    ];

    private static readonly float[][] StandardDeviations =
    [
        [0.352f, 0.379f, 0.174f, 0.105f],
        [0.516f, 0.314f, 0.470f, 0.198f],
        [0.636f, 0.322f, 0.552f, 0.275f],
    ];

    public static LabeledSet Generate(int rowsPerClass, int seed)
    {
        var random = new Random(seed);
        var features = new List<float[]>();
        var labels = new List<int>();
        for (var row = 0; row < rowsPerClass; row++)
        {
            for (var label = 0; label < ClassNames.Length; label++)
            {
                features.Add([.. Means[label].Select((mean, i) => mean + (StandardDeviations[label][i] * Gaussian(random)))]);
                labels.Add(label);
            }
        }

        return new LabeledSet([.. features], [.. labels], ClassNames.Length);
    }

    private static float Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
    }
}
