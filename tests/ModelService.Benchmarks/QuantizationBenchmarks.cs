using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;

namespace ModelService.Benchmarks;

/// <summary>
/// fp32 against dynamic int8 for the builder models at batch 1 and 32: one InferenceSession.Run each, same input,
/// default session options. Setup also prints the file size ratio and quality figures (256 generated samples)
/// and writes them to BenchmarkDotNet.Artifacts/results/quantization-quality.md. Needs no storage.
/// </summary>
[WarmupCount(3)]
[IterationCount(10)]
public class QuantizationBenchmarks
{
    private TimedSession _session = null!;

    [Params("mlp", "transformer", "cnn")]
    public string Model { get; set; } = "mlp";

    [Params(1, 32)]
    public int Batch { get; set; } = 1;

    [Params("fp32", "int8")]
    public string Precision { get; set; } = "fp32";

    [GlobalSetup]
    public void Setup()
    {
        var (floatBytes, int8Bytes, outcome) = QuantizedModels.Build(Model);
        RecordQuality(Model, outcome);
        _session = new TimedSession(Precision == "int8" ? int8Bytes : floatBytes, QuantizedModels.InputShape(Model, Batch));
        Run();
    }

    [Benchmark]
    public float Run() => _session.Run();

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    private static void RecordQuality(string model, ModelService.Onnx.Quantization.QuantizationOutcome outcome)
    {
        var q = outcome.Evaluation.Quality;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"| {model} | {outcome.SourceSizeBytes:N0} | {outcome.QuantizedSizeBytes:N0} | {outcome.SizeRatio:F3} | {q.MaxAbsoluteError:G3} | {q.CosineSimilarity:F5} | {q.Top1Agreement:P1} | {outcome.Evaluation.CalibrationSamples} |");
        Console.WriteLine($"quantization quality: {line}");
        var folder = Path.Combine("BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(folder);
        File.AppendAllText(Path.Combine(folder, "quantization-quality.md"), line + Environment.NewLine);
    }
}
