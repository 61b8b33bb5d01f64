using System.Diagnostics;
using System.Globalization;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Caching;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Quantization.Calibration;
using ModelService.Onnx.Quantization.Static;
using ModelService.Onnx.Writing;

namespace ModelService.Benchmarks;

/// <summary>
/// <c>dotnet run --project tests/ModelService.Benchmarks -c Release -- conv-interleaved</c>: the conv net as fp32 and
/// static int8 QDQ, run alternately in one process (each fp32 run followed by a static one) and reported as medians.
/// On a machine whose load moves, BenchmarkDotNet's one-case-after-another runs see different loads; alternating
/// runs see the same, so their ratio is the steadier figure. Not a replacement for the BenchmarkDotNet table.
/// </summary>
public static class InterleavedConvTiming
{
    public const string Command = "conv-interleaved";

    public static void Run(TextWriter output)
    {
        var model = QuantizedModels.Float("cnn");
        var source = OnnxModelWriter.ToBytes(model);
        CalibrationSet calibration;
        using (var probe = new InferenceSession(source))
        {
            calibration = CalibrationGenerator.FromSchema(probe, samples: 256);
        }

        var method = new QuantizationMethodOptions { Method = QuantizationMethod.Static };
        var quantized = ModelQuantization.Quantize(model, source, new DynamicQuantizationOptions(), method, new QualityGate(), calibration, CancellationToken.None).QuantizedBytes;
        // The options the service loads every model with (ModelSessionCache), not the library defaults.
        using var options = new SessionOptionsSettings().Create();
        using var fp32 = new InferenceSession(source, options);
        using var int8 = new InferenceSession(quantized, options);
        foreach (var (batch, runs) in new[] { (1, 1500), (8, 300) })
        {
            var shape = QuantizedModels.InputShape("cnn", batch);
            var random = new Random(1);
            var input = Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(_ => (random.NextSingle() * 2) - 1).ToArray();
            var floatTimes = new List<double>(runs);
            var staticTimes = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                floatTimes.Add(Time(fp32, input, shape));
                staticTimes.Add(Time(int8, input, shape));
            }

            var (f, s) = (Median(floatTimes), Median(staticTimes));
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"batch {batch}: fp32 {f:F0} us, static {s:F0} us, ratio {s / f:F2} (medians of {runs} alternating runs)"));
        }
    }

    private static double Time(InferenceSession session, float[] input, long[] shape)
    {
        using var value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using var runOptions = new RunOptions();
        var watch = Stopwatch.StartNew();
        using var outputs = session.Run(runOptions, ["image"], [value], ["logits"]);
        return watch.Elapsed.TotalMicroseconds;
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
