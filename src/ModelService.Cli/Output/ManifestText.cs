using System.Globalization;
using ModelService.Core.Billing;
using ModelService.Core.Registry;

namespace ModelService.Cli.Output;

/// <summary>A manifest as a person reads it.</summary>
public static class ManifestText
{
    public static void Write(TextWriter text, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(manifest);
        text.WriteLine($"{manifest.Name}:{manifest.Version}");
        text.WriteLine($"  created       {manifest.CreatedAt:u}");
        text.WriteLine($"  size          {manifest.SizeBytes} bytes");
        text.WriteLine($"  sha256        {manifest.Sha256}");
        text.WriteLine($"  quantization  {manifest.Quantization}");
        text.WriteLine(manifest.Pricing is { } price
            ? $"  price         {Units(price.PerCallMicros)} per call, {Units(price.PerItemMicros)} per item"
            : "  price         the service's default");
        text.WriteLine($"  visibility    {(manifest.Owner is null ? "public" : $"private to tenant {manifest.Owner}")}");
        text.WriteLine($"  batch items   {(manifest.BatchInput is { } batchInput ? $"leading size of input '{batchInput}'" : manifest.Signature.BatchOutput is { } batchOutput ? $"leading size of output '{batchOutput.Name}'" : "1 per call")}");
        foreach (var input in manifest.Inputs)
        {
            text.WriteLine($"  input         {Describe(input)}");
        }

        foreach (var output in manifest.Outputs)
        {
            text.WriteLine($"  output        {Describe(output)}");
        }

        WriteCard(text, manifest.Card);
        if (manifest.QuantizationReport is { } report)
        {
            text.WriteLine($"  quantized from sha256 {report.SourceSha256}{(report.GatePassed ? string.Empty : " (forced past a failed quality gate)")}");
            QuantizationText.WriteQuality(text, report);
        }
    }

    private static void WriteCard(TextWriter text, ModelCard card)
    {
        foreach (var (label, value) in new[] { ("description", card.Description), ("intended use", card.IntendedUse), ("limitations", card.Limitations), ("license", card.License), ("training data", card.TrainingData) })
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                text.WriteLine($"  {label,-13} {value}");
            }
        }

        if (card.EvaluationMetrics is { Count: > 0 } metrics)
        {
            text.WriteLine($"  evaluation    {string.Join(", ", metrics.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Key}={m.Value:G4}")))}");
        }

        if (card.ExplanationBaseline is { Count: > 0 } baseline)
        {
            text.WriteLine($"  explain from  [{string.Join(", ", baseline.Select(v => v.ToString("G4", CultureInfo.InvariantCulture)))}]");
        }

        foreach (var column in card.Training?.Fairness?.Columns ?? [])
        {
            text.WriteLine($"  fairness      {Fairness(column)}");
        }
    }

    private static string Fairness(FairnessColumnReport column)
    {
        var groups = string.Join(", ", column.Groups.Select(g => g.Accuracy is { } accuracy
            ? string.Create(CultureInfo.InvariantCulture, $"{g.Group} accuracy {accuracy:F3}")
            : string.Create(CultureInfo.InvariantCulture, $"{g.Group} MAE {g.MeanAbsoluteError:G4}")));
        var gap = column.DemographicParityDifference is { } parity
            ? string.Create(CultureInfo.InvariantCulture, $"parity gap {parity:F3}, equalised-odds gap {column.EqualizedOddsDifference:F3}")
            : string.Create(CultureInfo.InvariantCulture, $"MAE gap {column.MeanAbsoluteErrorGap:G4}");
        return $"{column.Column}: {groups}; {gap}";
    }

    private static string Describe(TensorSpec spec) =>
        $"{spec.Name} {spec.Datatype} [{string.Join(", ", spec.Shape.Select(d => d < 0 ? "dynamic" : d.ToString(CultureInfo.InvariantCulture)))}]";

    private static string Units(long micros) => MicroUnits.Format(micros);
}
