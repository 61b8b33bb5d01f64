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
/// <c>dotnet run --project tests/ModelService.Benchmarks -c Release -- conv-interleaved</c>: each conv net of
/// <see cref="Models"/> as fp32 and static int8 QDQ in one process, reported as medians under two schedules. On a
/// machine whose load moves, BenchmarkDotNet's one-case-after-another runs see different loads; these see the same,
/// so their ratio is the steadier figure. Not a replacement for the BenchmarkDotNet table.
/// <list type="bullet">
/// <item><b>alternating</b>: each fp32 run followed by a static one. Each session has its own intra-op pool, and a
/// pool's worker spins for 2^20 pauses (tens of ms here) after a run, so every run shares the second core with the
/// other session's spinning worker; that costs short parallel sections (the int8 kernels) most.</item>
/// <item><b>blocks</b>: rounds of an fp32 block then a static block, each run unmeasured for
/// <see cref="Settle"/> (the other pool's worker stops spinning) and then measured for <see cref="Measured"/>: each
/// model as it runs when it is the one being served, as in BenchmarkDotNet, with the load still shared.</item>
/// </list>
/// </summary>
public static class InterleavedConvTiming
{
    public const string Command = "conv-interleaved";

    private const int Rounds = 4;
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(150);
    private static readonly TimeSpan Measured = TimeSpan.FromMilliseconds(250);

    private static readonly string[] Models = ["cnn", "cnn-64"];

    public static void Run(TextWriter output)
    {
        foreach (var name in Models)
        {
            Run(output, name);
        }
    }

    private static void Run(TextWriter output, string name)
    {
        var model = QuantizedModels.Float(name);
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
            var shape = QuantizedModels.InputShape(name, batch);
            var random = new Random(1);
            var input = Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(_ => (random.NextSingle() * 2) - 1).ToArray();
            var floatTimes = new List<double>(runs);
            var staticTimes = new List<double>(runs);
            for (var i = 0; i < runs; i++)
            {
                floatTimes.Add(Time(fp32, input, shape));
                staticTimes.Add(Time(int8, input, shape));
            }

            Report(output, name, batch, "alternating", floatTimes, staticTimes, $"{runs} alternating runs");
            var (floatBlocks, staticBlocks) = (new List<double>(), new List<double>());
            for (var round = 0; round < Rounds; round++)
            {
                floatBlocks.AddRange(Block(fp32, input, shape));
                staticBlocks.AddRange(Block(int8, input, shape));
            }

            Report(output, name, batch, "blocks", floatBlocks, staticBlocks, $"{Rounds} rounds of {Measured.TotalMilliseconds:F0} ms blocks after {Settle.TotalMilliseconds:F0} ms each");
        }
    }

    private static List<double> Block(InferenceSession session, float[] input, long[] shape)
    {
        var settle = Stopwatch.StartNew();
        while (settle.Elapsed < Settle)
        {
            Time(session, input, shape);
        }

        var times = new List<double>();
        var block = Stopwatch.StartNew();
        while (block.Elapsed < Measured)
        {
            times.Add(Time(session, input, shape));
        }

        return times;
    }

    private static void Report(TextWriter output, string name, int batch, string schedule, List<double> floatTimes, List<double> staticTimes, string how)
    {
        var (f, s) = (Median(floatTimes), Median(staticTimes));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} batch {batch} {schedule}: fp32 {f:F0} us, static {s:F0} us, ratio {s / f:F2} (medians of {how})"));
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
