namespace ModelService.Core.Explanations;

/// <summary>
/// KernelSHAP (Lundberg and Lee, 2017): the attributions are the weighted least-squares fit of the model's
/// outputs over coalitions (features from the row where the coalition holds them, from the baseline elsewhere),
/// with the constraint that they sum to prediction − baseline output solved exactly by eliminating the last feature.
/// </summary>
internal static class KernelShap
{
    public static double[] Attribute(RowEvaluator evaluator, ExplanationInputs inputs, Coalitions coalitions)
    {
        var (rows, features, outputs) = (inputs.Rows, inputs.Features, inputs.OutputsPerRow);
        var attributions = new double[rows * outputs * features];
        if (features == 1)
        {
            for (var cell = 0; cell < rows * outputs; cell++)
            {
                attributions[cell] = inputs.Predictions[cell] - inputs.BaselineOutput[cell % outputs];
            }

            return attributions;
        }

        var count = coalitions.Masks.Count;
        var solver = new SymmetricSolver(NormalMatrix(coalitions, features));
        for (var row = 0; row < rows; row++)
        {
            // One row's coalitions at a time: memory stays coalitions × features, whatever the batch.
            var coalitionOutputs = evaluator.Evaluate(MaskedRows(inputs, coalitions, row), count);
            for (var k = 0; k < outputs; k++)
            {
                var delta = inputs.Predictions[(row * outputs) + k] - inputs.BaselineOutput[k];
                var rhs = new double[features - 1];
                for (var c = 0; c < count; c++)
                {
                    var mask = coalitions.Masks[c];
                    var last = mask[features - 1] ? 1.0 : 0.0;
                    var target = coalitionOutputs[(c * outputs) + k] - inputs.BaselineOutput[k] - (last * delta);
                    for (var j = 0; j < features - 1; j++)
                    {
                        rhs[j] += coalitions.Weights[c] * ((mask[j] ? 1.0 : 0.0) - last) * target;
                    }
                }

                var solved = solver.Solve(rhs);
                var offset = ((row * outputs) + k) * features;
                solved.CopyTo(attributions, offset);
                attributions[offset + features - 1] = delta - solved.Sum();
            }
        }

        return attributions;
    }

    private static double[] MaskedRows(ExplanationInputs inputs, Coalitions coalitions, int row)
    {
        var features = inputs.Features;
        var count = coalitions.Masks.Count;
        var masked = new double[count * features];
        for (var c = 0; c < count; c++)
        {
            var mask = coalitions.Masks[c];
            for (var i = 0; i < features; i++)
            {
                masked[(c * features) + i] = mask[i] ? inputs.Features2D[(row * features) + i] : inputs.Baseline[i];
            }
        }

        return masked;
    }

    private static double[,] NormalMatrix(Coalitions coalitions, int features)
    {
        var normal = new double[features - 1, features - 1];
        for (var c = 0; c < coalitions.Masks.Count; c++)
        {
            var mask = coalitions.Masks[c];
            var last = mask[features - 1] ? 1.0 : 0.0;
            for (var i = 0; i < features - 1; i++)
            {
                var ai = (mask[i] ? 1.0 : 0.0) - last;
                for (var j = 0; j < features - 1; j++)
                {
                    normal[i, j] += coalitions.Weights[c] * ai * ((mask[j] ? 1.0 : 0.0) - last);
                }
            }
        }

        return normal;
    }
}
