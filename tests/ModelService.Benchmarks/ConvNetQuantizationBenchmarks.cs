using System.Globalization;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Quantization.Calibration;
using ModelService.Onnx.Quantization.Static;
using ModelService.Onnx.Writing;

namespace ModelService.Benchmarks;

/// <summary>
/// The conv nets of <see cref="QuantizedModels"/> ("cnn": 3×32×32, three Conv blocks; "cnn-64": 3×64×64, four) as
/// fp32, dynamic int8 (ConvInteger) and static int8 QDQ (fused by ONNX Runtime into QLinearConv), at batch 1 and 8: one InferenceSession.Run each, with the
/// service's session options. Static quantization is calibrated on 3 in 4 of 256 generated samples (MinMax, weights |q| ≤ 64);
/// setup records file sizes and the gate's figures on the held-out quarter in
/// BenchmarkDotNet.Artifacts/results/conv-quantization-quality.md.
/// </summary>
[WarmupCount(3)]
[IterationCount(10)]
[MedianColumn]
public class ConvNetQuantizationBenchmarks
{
    private TimedSession _session = null!;

    [Params("cnn", "cnn-64")]
    public string Model { get; set; } = "cnn";

    [Params("fp32", "dynamic", "static")]
    public string Precision { get; set; } = "fp32";

    [Params(1, 8)]
    public int Batch { get; set; } = 1;

    [GlobalSetup]
    public void Setup()
    {
        var model = QuantizedModels.Float(Model);
        var source = OnnxModelWriter.ToBytes(model);
        var bytes = source;
        if (Precision != "fp32")
        {
            CalibrationSet calibration;
            using (var probe = new InferenceSession(source))
            {
                calibration = CalibrationGenerator.FromSchema(probe, samples: 256);
            }

            var method = new QuantizationMethodOptions { Method = Precision == "static" ? QuantizationMethod.Static : QuantizationMethod.Dynamic };
            var outcome = ModelQuantization.Quantize(model, source, new DynamicQuantizationOptions(), method, new QualityGate(), calibration, CancellationToken.None);
            Record(outcome);
            bytes = outcome.QuantizedBytes;
        }

        _session = new TimedSession(bytes, QuantizedModels.InputShape(Model, Batch));
        Run();
    }

    [Benchmark]
    public float Run() => _session.Run();

    [GlobalCleanup]
    public void Cleanup() => _session.Dispose();

    private void Record(QuantizationOutcome outcome)
    {
        var q = outcome.Evaluation.Quality;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"| {Model} | {Precision} | {outcome.SourceSizeBytes:N0} | {outcome.QuantizedSizeBytes:N0} | {outcome.SizeRatio:F3} | {q.MaxAbsoluteError:G3} | {q.CosineSimilarity:F5} | {q.Top1Agreement:P1} | {outcome.Evaluation.CalibrationSamples} ({outcome.Evaluation.CalibrationSource}) |");
        Console.WriteLine($"conv quantization quality: {line}");
        var folder = Path.Combine("BenchmarkDotNet.Artifacts", "results");
        Directory.CreateDirectory(folder);
        File.AppendAllText(Path.Combine(folder, "conv-quantization-quality.md"), line + Environment.NewLine);
    }
}
