using ModelService.Onnx.Quantization;
using ModelService.Onnx.Tests.Support;
using Xunit.Abstractions;

namespace ModelService.Onnx.Tests.Quantization;

/// <summary>
/// Which u8×s8 kernel path ONNX Runtime takes on the CPU that runs the tests. <c>scripts/test.sh</c> runs the int8
/// tests a second time on an emulated AVX2-only CPU and sets <see cref="Variable"/> to <c>int16-pairs</c> there, so
/// this test proves that pass really took the saturating path: an emulator that offered VNNI would pass every int8
/// test without checking what the issue was about. Without the variable it checks only that ONNX Runtime computes
/// one of the two results the C# references predict.
/// </summary>
public class KernelPathTests(ITestOutputHelper output)
{
    public const string Variable = "MODELSVC_TEST_INT8_PATH";

    private const int Rows = 4, Inner = 64, Columns = 16;

    [Fact]
    public void Onnx_runtime_computes_full_range_products_by_one_of_the_referenced_paths()
    {
        var activations = new byte[Rows * Inner];
        new Random(3).NextBytes(activations);
        Array.Fill(activations, byte.MaxValue, 0, Inner);
        var weights = new sbyte[Inner * Columns];
        var random = new Random(4);
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (sbyte)random.Next(-WeightRanges.FullLimit, WeightRanges.FullLimit + 1);
        }

        // Column 0 at +127 everywhere: row 0 (all 255) puts each of its pairs at 64,770, beyond int16.
        for (var k = 0; k < Inner; k++)
        {
            weights[k * Columns] = WeightRanges.FullLimit;
        }

        var exact = Int16PairSums.MultiplyExact(activations, weights, Rows, Inner, Columns);
        var pairs = Int16PairSums.MultiplySaturating(activations, weights, Rows, Inner, Columns);
        Assert.NotEqual(exact, pairs);

        var actual = MatMulIntegerRun.Multiply(activations, weights, Rows, Inner, Columns);
        var path = actual.SequenceEqual(exact) ? "exact" : actual.SequenceEqual(pairs) ? "int16-pairs" : "neither";
        output.WriteLine($"ONNX Runtime's u8×s8 MatMulInteger path on this CPU: {path}");
        Assert.NotEqual("neither", path);
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } expected)
        {
            Assert.Contains(expected, new[] { "exact", "int16-pairs" });
            Assert.Equal(expected, path);
        }
    }
}
