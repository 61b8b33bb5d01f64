using System.Globalization;
using ModelService.Core.Registry;

namespace ModelService.Cli.Output;

/// <summary>Quantization results as a person reads them.</summary>
public static class QuantizationText
{
    public static void Write(TextWriter text, QuantizationSummary summary)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(summary);
        text.WriteLine(Invariant($"{"",-14}{"float32",16}{"quantized",16}"));
        text.WriteLine(Invariant($"{"file bytes",-14}{summary.Before.SizeBytes,16}{summary.After.SizeBytes,16}   ({summary.SizeRatio:F2}x)"));
        text.WriteLine(Invariant($"{"weight bytes",-14}{summary.Before.InitializerBytes,16}{summary.After.InitializerBytes,16}"));
        text.WriteLine(Invariant($"{"parameters",-14}{summary.Before.Parameters,16}{summary.After.Parameters,16}"));
        text.WriteLine(Invariant($"{"quantization",-14}{summary.Before.Quantization,16}{summary.After.Quantization,16}"));
        text.WriteLine($"  inputs        {string.Join(", ", summary.Before.Inputs)}");
        text.WriteLine($"  outputs       {string.Join(", ", summary.Before.Outputs)}");
        text.WriteLine($"  operators     {Histogram(summary.Before.Operators)}");
        text.WriteLine($"  → quantized   {Histogram(summary.After.Operators)}");
        text.WriteLine($"  int8 nodes    {summary.QuantizedNodes.Count}; kept float32: {(summary.SkippedNodes.Count == 0 ? "none" : string.Join(", ", summary.SkippedNodes.Select(s => $"{s.Name} ({s.Reason})")))}");
        WriteQuality(text, summary.Quality);
        text.WriteLine(summary.GateFailures.Count == 0 ? "  gate          passed" : $"  gate          FAILED: {string.Join("; ", summary.GateFailures)}");
        if (summary.Written)
        {
            text.WriteLine($"Wrote {summary.Output}.");
        }
    }

    public static void WriteQuality(TextWriter text, QuantizationReport report)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(report);
        var top1 = report.Top1Agreement is { } share ? share.ToString("P2", CultureInfo.InvariantCulture) : "n/a (no [batch, classes] output)";
        text.WriteLine(Invariant($"  quality       max abs error {report.MaxAbsoluteError:G4}, cosine {report.CosineSimilarity:F6}, top-1 agreement {top1}"));
        text.WriteLine(Invariant($"  calibration   {report.CalibrationSamples} samples ({report.Calibration}); method {report.Method}{(report.PerChannel ? ", per-channel" : string.Empty)}"));
        if (report.WeightRange is { } range)
        {
            var saturated = report.SaturatedPairs is { } pairs ? Invariant($"; {pairs} saturated int16 pair sums on the calibration data") : string.Empty;
            text.WriteLine(Invariant($"  weights       {range} range: {report.WeightEncoding}; valid for {report.ValidFor}{saturated}"));
        }

        if (report.MethodChoice is { } why)
        {
            text.WriteLine($"  method        {why}");
        }

        if (report.Preparation is { Count: > 0 } steps)
        {
            text.WriteLine($"  prepared      {string.Join("; ", steps)}");
        }
    }

    private static string Histogram(IReadOnlyDictionary<string, int> operators) =>
        string.Join(", ", operators.Select(pair => $"{(pair.Key.StartsWith("ai.onnx.", StringComparison.Ordinal) ? pair.Key["ai.onnx.".Length..] : pair.Key)}×{pair.Value}"));

    private static string Invariant(FormattableString value) => value.ToString(CultureInfo.InvariantCulture);
}
