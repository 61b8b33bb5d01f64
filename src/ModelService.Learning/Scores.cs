namespace ModelService.Learning;

/// <summary>Reading a classifier's output rows: the largest score, the class it names, the share of rows right.</summary>
public static class Scores
{
    public static float Max(ReadOnlySpan<float> values)
    {
        var max = float.NegativeInfinity;
        foreach (var value in values)
        {
            max = MathF.Max(max, value);
        }

        return max;
    }

    /// <summary>The index of the first largest value.</summary>
    public static int ArgMax(ReadOnlySpan<float> values) => values.IndexOf(Max(values));

    /// <summary>The share of rows of <paramref name="output"/> whose arg max is the row's label.</summary>
    public static double Accuracy(float[] output, float[] labels, int rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(labels);
        var classes = output.Length / rows;
        var correct = 0;
        for (var r = 0; r < rows; r++)
        {
            correct += ArgMax(output.AsSpan(r * classes, classes)) == (int)labels[r] ? 1 : 0;
        }

        return correct / (double)rows;
    }
}
