namespace ModelService.Core.Explanations;

/// <summary>The rows to explain (row-major, <see cref="Features"/> wide), the baseline, and the model's outputs at both.</summary>
internal sealed record ExplanationInputs(int Rows, int Features, int OutputsPerRow, double[] Features2D, double[] Baseline, double[] Predictions, double[] BaselineOutput);
