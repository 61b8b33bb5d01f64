namespace ModelService.Learning;

/// <summary>A loss averaged over a batch, with its gradient with respect to the network's output.</summary>
public abstract class LossFunction
{
    /// <summary>Mean loss over <paramref name="rows"/> rows of <paramref name="output"/> (row-major) and dL/doutput.</summary>
    public (double Loss, float[] Gradient) Mean(float[] output, float[] targets, int rows)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(targets);
        var outputs = output.Length / rows;
        var gradient = new float[output.Length];
        var total = 0.0;
        for (var r = 0; r < rows; r++)
        {
            total += Row(output.AsSpan(r * outputs, outputs), targets[r], gradient.AsSpan(r * outputs, outputs), rows);
        }

        return (total / rows, gradient);
    }

    /// <summary>One row's loss; writes that row's share of the mean's gradient (already divided by <paramref name="rows"/>).</summary>
    protected abstract double Row(ReadOnlySpan<float> output, float target, Span<float> gradient, int rows);
}
