namespace ModelService.Trainer.Data;

/// <summary>
/// Per-column mean and standard deviation of the training split. The network trains on standardized inputs;
/// the exported ONNX graph does the same subtraction and division, so callers send raw features.
/// </summary>
public sealed record Standardizer(float[] Mean, float[] Std)
{
    public static Standardizer Fit(float[] rowMajor, int width)
    {
        ArgumentNullException.ThrowIfNull(rowMajor);
        var rows = rowMajor.Length / width;
        var mean = new double[width];
        var squares = new double[width];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < width; c++)
            {
                var value = rowMajor[(r * width) + c];
                mean[c] += value;
                squares[c] += (double)value * value;
            }
        }

        var means = new float[width];
        var stds = new float[width];
        for (var c = 0; c < width; c++)
        {
            var m = mean[c] / rows;
            var variance = Math.Max(0, (squares[c] / rows) - (m * m));
            means[c] = (float)m;

            // A constant column carries no information; dividing by 1 keeps it harmless instead of infinite.
            stds[c] = variance > 1e-12 ? (float)Math.Sqrt(variance) : 1f;
        }

        return new Standardizer(means, stds);
    }

    public float[] Apply(float[] rowMajor)
    {
        ArgumentNullException.ThrowIfNull(rowMajor);
        var width = Mean.Length;
        var result = new float[rowMajor.Length];
        for (var i = 0; i < rowMajor.Length; i++)
        {
            result[i] = (rowMajor[i] - Mean[i % width]) / Std[i % width];
        }

        return result;
    }
}
