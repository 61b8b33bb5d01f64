namespace ModelService.Core.Explanations;

/// <summary>
/// Per-feature attributions of one output for each row: <see cref="Attributions"/> is [rows, outputsPerRow,
/// features] row-major, and for every row and output value, the sum of its attributions plus
/// <see cref="BaselineOutput"/> is the prediction, to within <see cref="CompletenessGap"/> (the largest difference found).
/// </summary>
public sealed record Explanation(
    ExplanationMethod Method,
    string OutputName,
    int Rows,
    int OutputsPerRow,
    int Features,
    double[] Attributions,
    double[] BaselineOutput,
    double[] Predictions,
    long Evaluations,
    double CompletenessGap)
{
    /// <summary>Largest |Σ attributions + baseline output − prediction| over all rows and output values.</summary>
    public static double GapOf(double[] attributions, double[] baselineOutput, double[] predictions, int features)
    {
        var outputs = baselineOutput.Length;
        var gap = 0.0;
        for (var cell = 0; cell < predictions.Length; cell++)
        {
            var sum = baselineOutput[cell % outputs];
            for (var i = 0; i < features; i++)
            {
                sum += attributions[(cell * features) + i];
            }

            gap = Math.Max(gap, Math.Abs(sum - predictions[cell]));
        }

        return gap;
    }
}
