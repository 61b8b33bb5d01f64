namespace ModelService.Onnx.Quantization;

/// <summary>
/// Thresholds a quantized model must meet before it replaces the float one. Defaults: outputs point the same
/// way (cosine ≥ 0.99) and at least 99 % of rows keep their top-1 class; absolute error is unbounded by
/// default because its scale depends on the model's outputs.
/// </summary>
public sealed record QualityGate
{
    public double MinimumCosineSimilarity { get; init; } = 0.99;

    public double MinimumTop1Agreement { get; init; } = 0.99;

    public double? MaximumAbsoluteError { get; init; }

    public QualityVerdict Evaluate(QuantizationQuality quality)
    {
        ArgumentNullException.ThrowIfNull(quality);
        var failures = new List<string>();
        if (!(quality.CosineSimilarity >= MinimumCosineSimilarity))
        {
            failures.Add($"cosine similarity {quality.CosineSimilarity:F4} is below {MinimumCosineSimilarity:F4}");
        }

        if (!(quality.Top1Agreement >= MinimumTop1Agreement))
        {
            failures.Add($"top-1 agreement {quality.Top1Agreement:P1} is below {MinimumTop1Agreement:P1}");
        }

        if (MaximumAbsoluteError is { } limit && !(quality.MaxAbsoluteError <= limit))
        {
            failures.Add($"max absolute error {quality.MaxAbsoluteError:G4} is above {limit:G4}");
        }

        return new QualityVerdict(failures.Count == 0, failures);
    }
}
