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
        var attributions = new double[rows * outputs * features];
        for (var row = 0; row < rows; row++)
        {
            for (var step = 0; step < steps; step++)
            {
                // One path point at a time: memory stays 2 × features², whatever the batch and the steps.
                var values = evaluator.Evaluate(Probes(inputs, row, step, steps), 2 * features);
                for (var i = 0; i < features; i++)
                {
                    for (var k = 0; k < outputs; k++)
                    {
                        attributions[(((row * outputs) + k) * features) + i] += values[(2 * i * outputs) + k] - values[(((2 * i) + 1) * outputs) + k];
                    }
                }
            }
        }

        return attributions;
    }

    /// <summary>For each feature: the path point at this step moved half a step up, then half a step down, in that feature.</summary>
    private static double[] Probes(ExplanationInputs inputs, int row, int step, int steps)
    {
        var features = inputs.Features;
        var alpha = (step + 0.5) / steps;
        var point = new double[features];
        for (var i = 0; i < features; i++)
        {
            point[i] = inputs.Baseline[i] + (alpha * (inputs.Features2D[(row * features) + i] - inputs.Baseline[i]));
        }

        var probes = new double[2 * features * features];
        for (var i = 0; i < features; i++)
        {
            var half = (inputs.Features2D[(row * features) + i] - inputs.Baseline[i]) / (2.0 * steps);
            point.CopyTo(probes, 2 * i * features);
            point.CopyTo(probes, ((2 * i) + 1) * features);
            probes[(2 * i * features) + i] += half;
            probes[(((2 * i) + 1) * features) + i] -= half;
        }

        return probes;
    }
}
