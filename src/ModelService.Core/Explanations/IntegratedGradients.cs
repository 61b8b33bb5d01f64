namespace ModelService.Core.Explanations;

/// <summary>
/// Integrated gradients (Sundararajan et al., 2017) without a gradient: at the midpoint of each of m steps on the
/// straight path from the baseline to the row, feature i's share is the model's change over a step of
/// (xᵢ − bᵢ)/m in that feature alone, centred on the path point. The sum over steps is the midpoint rule for
/// the path integral, exact for a linear model; for a curved one the response reports how far the sum is off.
/// </summary>
internal static class IntegratedGradients
{
    public static double[] Attribute(RowEvaluator evaluator, ExplanationInputs inputs, int steps)
    {
        var (rows, features, outputs) = (inputs.Rows, inputs.Features, inputs.OutputsPerRow);
        var probes = PathProbes(inputs, steps);
        var values = evaluator.Evaluate(probes, probes.Length / features);
        var attributions = new double[rows * outputs * features];
        for (var row = 0; row < rows; row++)
        {
            for (var step = 0; step < steps; step++)
            {
                for (var i = 0; i < features; i++)
                {
                    var plus = ((((row * steps) + step) * features) + i) * 2;
                    for (var k = 0; k < outputs; k++)
                    {
                        attributions[(((row * outputs) + k) * features) + i] += values[(plus * outputs) + k] - values[((plus + 1) * outputs) + k];
                    }
                }
            }
        }

        return attributions;
    }

    /// <summary>For each row, step and feature: the path point moved half a step up, then half a step down, in that feature.</summary>
    private static double[] PathProbes(ExplanationInputs inputs, int steps)
    {
        var features = inputs.Features;
        var probes = new double[inputs.Rows * steps * features * 2 * features];
        var point = new double[features];
        var at = 0;
        for (var row = 0; row < inputs.Rows; row++)
        {
            for (var step = 0; step < steps; step++)
            {
                var alpha = (step + 0.5) / steps;
                for (var i = 0; i < features; i++)
                {
                    point[i] = inputs.Baseline[i] + (alpha * (inputs.Features2D[(row * features) + i] - inputs.Baseline[i]));
                }

                for (var i = 0; i < features; i++)
                {
                    var half = (inputs.Features2D[(row * features) + i] - inputs.Baseline[i]) / (2.0 * steps);
                    foreach (var sign in (ReadOnlySpan<double>)[1.0, -1.0])
                    {
                        point.CopyTo(probes, at);
                        probes[at + i] += sign * half;
                        at += features;
                    }
                }
            }
        }

        return probes;
    }
}
