using System.Globalization;
using System.Text;

namespace ModelService.Trainer.Tests;

/// <summary>Generated tabular data with a known answer: separable blobs for classifiers, a noisy linear function for regressors.</summary>
public static class SyntheticCsv
{
    private static readonly string[] ClassNames = ["setosa", "versicolor", "virginica"];

    // Class centres in raw units that differ by orders of magnitude per column, so standardization matters.
    private static readonly double[][] Centres = [[1, 200, -5, 0.01], [4, 260, -2, 0.03], [7, 140, -8, 0.05]];
    private static readonly double[] Spread = [0.8, 15, 0.9, 0.006];

    public static (string Csv, float[] Features, int[] Labels) Blobs(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("f1,f2,f3,f4,species\n");
        var (features, labels) = (new float[rows * 4], new int[rows]);
        for (var r = 0; r < rows; r++)
        {
            var label = r % 3;
            labels[r] = label;
            for (var c = 0; c < 4; c++)
            {
                features[(r * 4) + c] = (float)(Centres[label][c] + (Gaussian(random) * Spread[c]));
            }

            text.AppendLine(string.Join(',', features.Skip(r * 4).Take(4).Select(Number).Append(ClassNames[label])));
        }

        return (text.ToString(), features, labels);
    }

    public static (string Csv, float[] Features, float[] Targets) Linear(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new StringBuilder("x1,x2,x3,price\n");
        var (features, targets) = (new float[rows * 3], new float[rows]);
        for (var r = 0; r < rows; r++)
        {
            var x = new[] { random.NextDouble() * 10, random.NextDouble() * 100, random.NextDouble() };
            var y = 1000 + (30 * x[0]) - (2 * x[1]) + (50 * x[2]) + (Gaussian(random) * 2);
            for (var c = 0; c < 3; c++)
            {
                features[(r * 3) + c] = (float)x[c];
            }

            targets[r] = (float)y;
            text.AppendLine(string.Join(',', x.Select(v => Number((float)v)).Append(Number((float)y))));
        }

        return (text.ToString(), features, targets);
    }

    private static string Number(float value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
