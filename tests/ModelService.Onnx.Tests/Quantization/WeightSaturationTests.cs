using System.Runtime.InteropServices;
using Microsoft.ML.OnnxRuntime;
using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Quantization.Calibration;
using ModelService.Onnx.Reading;
using ModelService.Onnx.Tests.Support;
using ModelService.Onnx.Writing;
using ModelService.Testing;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Tests.Quantization;

/// <summary>
/// The int8 encoding must give the same integers on every CPU ONNX Runtime serves on. These checks are arithmetic on
/// the weights the quantizer writes and a C# reference of the int16 pair-sum path of AVX2 CPUs without VNNI, so
/// they pass or fail alike on every CPU; none of them depends on which kernel this machine's ONNX Runtime picks.
/// </summary>
public class WeightSaturationTests
{
    public static TheoryData<string, bool> QuantizedModels()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in new[] { "mlp-gemm", "mlp-gemm-transposed", "mlp-matmul", "cnn", "transformer-gelu", "transformer-relu", "sample:iris-mlp", "sample:tabular-scorer" })
        {
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(QuantizedModels))]
    public void No_pair_sum_of_the_default_encoding_can_leave_int16_for_any_uint8_activations(string name, bool perChannel)
    {
        var model = Quantize(name, new DynamicQuantizationOptions { PerChannel = perChannel });

        var weights = IntegerWeights(model).ToList();

        Assert.NotEmpty(weights);
        Assert.All(weights, w =>
        {
            if (w.Node.OpType == "MatMulInteger")
            {
                Assert.Equal((int)DataType.Int8, w.Tensor.DataType);
                var worst = Int16PairSums.WorstCase(Int8Values(w.Tensor), (int)w.Tensor.Dims[0], (int)w.Tensor.Dims[1]);
                Assert.True(worst <= short.MaxValue, $"{name} {w.Node.Name}: a pair can reach {worst}");
            }
            else
            {
                // u8×u8 kernels widen to int16 before multiplying: no pair sum exists that could saturate.
                Assert.Equal("ConvInteger", w.Node.OpType);
                Assert.Equal((int)DataType.Uint8, w.Tensor.DataType);
                Assert.Equal(4, w.Node.Input.Count);
            }
        });
    }

    [Fact]
    public void The_committed_int8_samples_use_the_encoding_that_cannot_saturate()
    {
        foreach (var sample in new[] { "iris-mlp-int8.onnx", "tabular-scorer-int8.onnx" })
        {
            var model = OnnxModelReader.ReadFile(RepositoryPaths.Combine("models", sample));
            var matmuls = IntegerWeights(model).Where(w => w.Node.OpType == "MatMulInteger").ToList();

            Assert.NotEmpty(matmuls);
            Assert.All(matmuls, w => Assert.True(Int16PairSums.WorstCase(Int8Values(w.Tensor), (int)w.Tensor.Dims[0], (int)w.Tensor.Dims[1]) <= short.MaxValue, $"{sample} {w.Node.Name}"));
        }
    }

    [Fact]
    public void Every_int8_entry_point_a_static_quantizer_may_call_stays_in_the_reduced_range()
    {
        var values = QuantizationRun.Uniform(41, 64 * 8);

        var results = new[]
        {
            SymmetricInt8.QuantizeColumns(values, 8, perChannel: true),
            SymmetricInt8.QuantizeLeadingAxis(values, 8, perChannel: false),
            SymmetricInt8.Quantize(values, 1, _ => 0),
            Int8Weights.QuantizeLeadingAxis(values, 8, perChannel: true, WeightRange.Reduced),
        };

        Assert.All(results, r =>
        {
            Assert.False(r.Unsigned);
            Assert.Equal(WeightRanges.ReducedLimit, r.Values.Max(v => Math.Abs((int)v)));
            Assert.True(Int16PairSums.WorstCase(r.Values, 64, 8) <= short.MaxValue);
        });
    }

    [Fact]
    public void Full_range_weights_fail_the_bound_so_the_check_can_fail()
    {
        var model = Quantize("sample:iris-mlp", new DynamicQuantizationOptions { WeightRange = WeightRange.Full });

        var worst = IntegerWeights(model).Where(w => w.Node.OpType == "MatMulInteger")
            .Max(w => Int16PairSums.WorstCase(Int8Values(w.Tensor), (int)w.Tensor.Dims[0], (int)w.Tensor.Dims[1]));

        Assert.True(worst > short.MaxValue, $"worst pair {worst}");
    }

    [Fact]
    public void The_int16_path_is_exact_for_reduced_weights_and_clamps_full_range_ones_on_worst_case_activations()
    {
        const int rows = 3, inner = 33, columns = 7; // odd K: the last product has no partner
        var floats = QuantizationRun.Uniform(21, inner * columns);
        var activations = new byte[rows * inner];
        Array.Fill(activations, byte.MaxValue, 0, inner);                              // row 0: every activation at 255
        new Random(5).NextBytes(activations.AsSpan(inner));                            // rows 1, 2: anything

        // Weights of one sign per column make the worst case reachable: column 0 all +max after quantization.
        floats[0] = 1f;
        for (var k = 1; k < inner; k++)
        {
            floats[k * columns] = 1f;
        }

        var reduced = Int8Weights.QuantizeColumns(floats, columns, perChannel: true, WeightRange.Reduced).Values;
        var full = Int8Weights.QuantizeColumns(floats, columns, perChannel: true, WeightRange.Full).Values;

        Assert.Equal(Int16PairSums.MultiplyExact(activations, reduced, rows, inner, columns), Int16PairSums.MultiplySaturating(activations, reduced, rows, inner, columns));
        Assert.Equal(0, Int16PairSums.CountSaturated(activations, reduced, rows, inner, columns));

        var exact = Int16PairSums.MultiplyExact(activations, full, rows, inner, columns);
        var clamped = Int16PairSums.MultiplySaturating(activations, full, rows, inner, columns);
        Assert.Equal(255 * 127 * inner, exact[0]);
        Assert.Equal((16 * short.MaxValue) + (255 * 127), clamped[0]);
        Assert.True(Int16PairSums.CountSaturated(activations, full, rows, inner, columns) >= 16);
    }

    [Fact]
    public void The_exact_reference_is_what_onnx_runtime_computes_for_reduced_weights_at_the_bound()
    {
        const int rows = 8, inner = 65, columns = 9;
        var weights = Int8Weights.QuantizeColumns(QuantizationRun.Uniform(31, inner * columns), columns, perChannel: false, WeightRange.Reduced).Values;
        for (var k = 0; k < inner; k++)
        {
            // Columns 0 and 1 at the reduced limit, so row 0 (all 255) puts every pair at ±32640: on an AVX2 CPU this
            // is the largest pair the int16 step ever sees, and it must come out exact.
            weights[k * columns] = WeightRanges.ReducedLimit;
            weights[(k * columns) + 1] = -WeightRanges.ReducedLimit;
        }

        var activations = new byte[rows * inner];
        new Random(6).NextBytes(activations);
        Array.Fill(activations, byte.MaxValue, 0, inner);
        var actual = MatMulIntegerRun.Multiply(activations, weights, rows, inner, columns);

        // With reduced weights the exact and the int16 results are equal, so every kernel must give this.
        var expected = Int16PairSums.MultiplyExact(activations, weights, rows, inner, columns);
        Assert.Equal(expected, Int16PairSums.MultiplySaturating(activations, weights, rows, inner, columns));
        Assert.Equal(255 * 64 * inner, expected[0]);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Uint8_conv_filters_at_full_range_compute_exactly_in_onnx_runtime_on_worst_case_inputs()
    {
        const int channels = 4, size = 5, kernel = 3, filters = 3, outSize = size - kernel + 1;
        var input = new byte[channels * size * size];
        Array.Fill(input, byte.MaxValue);
        var random = new Random(8);
        for (var c = 0; c < channels; c++)
        {
            random.NextBytes(input.AsSpan((c * size * size) + (kernel * size), (size - kernel) * size)); // rows below the first window vary
        }

        var perFilter = channels * kernel * kernel;
        var filterValues = new byte[filters * perFilter];
        Array.Fill(filterValues, (byte)(QuantizedWeights.UnsignedZeroPoint + WeightRanges.FullLimit), 0, perFilter);            // +127
        Array.Fill(filterValues, (byte)(QuantizedWeights.UnsignedZeroPoint - WeightRanges.FullLimit), perFilter, perFilter);    // −127
        new Random(9).NextBytes(filterValues.AsSpan(2 * perFilter));
        var model = new OnnxGraphBuilder("convinteger")
            .Input("x", DataType.Uint8, 1, channels, size, size)
            .Output("y", DataType.Int32, 1, filters, outSize, outSize)
            .Initializer(OnnxTensors.UInt8("w", filterValues, filters, channels, kernel, kernel))
            .Initializer(OnnxTensors.UInt8("x_zero_point", [0]))
            .Initializer(OnnxTensors.UInt8("w_zero_point", [QuantizedWeights.UnsignedZeroPoint]))
            .Node("ConvInteger", ["x", "w", "x_zero_point", "w_zero_point"], ["y"])
            .Build();

        using var session = new InferenceSession(OnnxModelWriter.ToBytes(model));
        using var value = OrtValue.CreateTensorValueFromMemory(input, [1, channels, size, size]);
        using var runOptions = new RunOptions();
        using var results = session.Run(runOptions, ["x"], [value], ["y"]);

        var expected = new int[filters * outSize * outSize];
        for (var m = 0; m < filters; m++)
        {
            for (var y = 0; y < outSize; y++)
            {
                for (var x = 0; x < outSize; x++)
                {
                    expected[(m * outSize * outSize) + (y * outSize) + x] = Window(m, y, x);
                }
            }
        }

        Assert.Equal(255 * 127 * perFilter, expected[0]);
        Assert.Equal(expected, results[0].GetTensorDataAsSpan<int>().ToArray());

        int Window(int m, int y, int x)
        {
            var sum = 0;
            for (var c = 0; c < channels; c++)
            {
                for (var ky = 0; ky < kernel; ky++)
                {
                    for (var kx = 0; kx < kernel; kx++)
                    {
                        var w = filterValues[(m * perFilter) + (c * kernel * kernel) + (ky * kernel) + kx] - QuantizedWeights.UnsignedZeroPoint;
                        sum += input[(c * size * size) + ((y + ky) * size) + x + kx] * w;
                    }
                }
            }

            return sum;
        }
    }

    [Fact]
    public async Task Full_range_iris_fails_the_gate_because_avx2_cpus_would_clamp_pair_sums_on_its_calibration_data()
    {
        var (model, source, calibration) = await IrisAsync();

        var outcome = ModelQuantization.Quantize(model, source, new DynamicQuantizationOptions { WeightRange = WeightRange.Full }, new QualityGate(), calibration, CancellationToken.None);

        Assert.Equal(WeightRange.Full, outcome.WeightRange);
        Assert.True(outcome.Saturation!.SaturatedPairs > 0, outcome.Saturation.ToString());
        Assert.NotNull(outcome.Saturation.FirstNode);
        Assert.False(outcome.Verdict.Passed);
        Assert.Contains(outcome.Verdict.Failures, f => f.Contains("saturate on CPUs without VNNI", StringComparison.Ordinal) && f.Contains(outcome.Saturation.FirstNode!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Default_outcome_is_reduced_range_and_needs_no_saturation_check()
    {
        var (model, source, calibration) = await IrisAsync();

        var outcome = ModelQuantization.Quantize(model, source, new DynamicQuantizationOptions(), new QualityGate(), calibration, CancellationToken.None);

        Assert.Equal(WeightRange.Reduced, outcome.WeightRange);
        Assert.Null(outcome.Saturation);
        Assert.True(outcome.Verdict.Passed, string.Join("; ", outcome.Verdict.Failures));
    }

    [Fact]
    public void Full_range_with_no_saturating_input_passes_the_probe()
    {
        // Small weights and inputs near zero: full-range pair sums stay far inside int16 on these inputs.
        var model = TestMlp.Regressor([4, 3]);
        var tiny = new CalibrationSet([new CalibrationBatch([new CalibrationTensor("input", new float[] { 0f, 0f, 0f, 0f }, [1, 4])])], "zeros");

        var outcome = ModelQuantization.Quantize(model, OnnxModelWriter.ToBytes(model), new DynamicQuantizationOptions { WeightRange = WeightRange.Full }, new QualityGate(), tiny, CancellationToken.None);

        Assert.Equal(0, outcome.Saturation!.SaturatedPairs);
        Assert.True(outcome.Saturation.Pairs > 0);
        Assert.True(outcome.Verdict.Passed, string.Join("; ", outcome.Verdict.Failures));
    }

    private static async Task<(ModelProto Model, byte[] Source, CalibrationSet Calibration)> IrisAsync()
    {
        var path = RepositoryPaths.Combine("models", "iris-mlp.onnx");
        var calibration = await CalibrationFile.ReadAsync(RepositoryPaths.Combine("models", "iris-mlp.calibration.json"), CancellationToken.None);
        return (OnnxModelReader.ReadFile(path), await File.ReadAllBytesAsync(path), calibration);
    }

    private static ModelProto Quantize(string name, DynamicQuantizationOptions options) =>
        DynamicQuantizer.Quantize(
            name.StartsWith("sample:", StringComparison.Ordinal)
                ? OnnxModelReader.ReadFile(RepositoryPaths.Combine("models", $"{name["sample:".Length..]}.onnx"))
                : DynamicQuantizerTests.Case(name).Model,
            options).Model;

    /// <summary>The constant weight input of every MatMulInteger and ConvInteger.</summary>
    private static IEnumerable<(NodeProto Node, TensorProto Tensor)> IntegerWeights(ModelProto model)
    {
        var initializers = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        return model.Graph.Node
            .Where(n => n.OpType is "MatMulInteger" or "ConvInteger")
            .Select(n => (n, initializers[n.Input[1]]));
    }

    private static sbyte[] Int8Values(TensorProto tensor) => tensor.RawData.Length > 0
        ? MemoryMarshal.Cast<byte, sbyte>(tensor.RawData.Span).ToArray()
        : [.. tensor.Int32Data.Select(v => (sbyte)v)];
}
