using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Quantization.Static;
using ModelService.Onnx.Tests.Support;
using ModelService.Testing.Onnx;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Tests.Quantization.Static;

/// <summary>Static QDQ quantization end to end: calibration, the graph written, what ONNX Runtime fuses, and the gate on held-out inputs.</summary>
public sealed class StaticQuantizationTests
{
    private static ModelProto Cnn() => new CnnBuilder(3, 16, 16).ConvBlock(16).ConvBlock(32).Classes(10).Seed(5).Build();

    [Theory]
    [InlineData(CalibrationMethod.MinMax)]
    [InlineData(CalibrationMethod.Percentile)]
    public void A_conv_net_quantizes_statically_and_passes_the_gate_on_held_out_samples(CalibrationMethod method)
    {
        var model = Cnn();

        var outcome = StaticRun.Quantize(model, StaticRun.Static(method), StaticRun.Generated(model, samples: 64), gate: new QualityGate { MinimumTop1Agreement = 0.9 });

        Assert.True(outcome.Verdict.Passed, string.Join("; ", outcome.Verdict.Failures));
        Assert.True(outcome.Evaluation.Quality.CosineSimilarity >= 0.99, outcome.Evaluation.Quality.ToString());
        Assert.Equal("static-int8-qdq", outcome.Method!.Method);
        Assert.Equal(16, outcome.Evaluation.CalibrationSamples);
        Assert.Contains("held out: 16 of 64", outcome.Evaluation.CalibrationSource, StringComparison.Ordinal);
        Assert.Equal(["Conv_0", "Conv_3", "Gemm_8"], outcome.Result.QuantizedNodes);
    }

    [Fact]
    public void Onnx_runtime_fuses_every_quantized_conv_into_QLinearConv_and_runs_the_net_in_integers_to_the_logits()
    {
        var model = Cnn();
        var outcome = StaticRun.Quantize(model, StaticRun.Static(), StaticRun.Generated(model), gate: new QualityGate { MinimumTop1Agreement = 0 });

        var written = ModelProto.Parser.ParseFrom(outcome.QuantizedBytes);
        var optimized = StaticRun.Optimized(outcome.QuantizedBytes);

        Assert.Equal(0, StaticRun.Count(written, "QLinearConv"));
        Assert.Equal(2, StaticRun.Count(optimized, "QLinearConv"));
        Assert.Equal(0, StaticRun.Count(optimized, "Conv"));
        Assert.Equal(0, StaticRun.Count(optimized, "DequantizeLinear"));
        Assert.Equal(1, StaticRun.Count(optimized, "QuantizeLinear"));
        Assert.True(written.OpsetImport.Single(o => o.Domain.Length == 0).Version >= StaticQuantizer.MinimumOpset);
    }

    [Fact]
    public void Every_weight_is_in_the_reduced_range_so_no_int16_pair_sum_can_saturate()
    {
        var model = Cnn();
        var outcome = StaticRun.Quantize(model, StaticRun.Static(), StaticRun.Generated(model), gate: new QualityGate { MinimumTop1Agreement = 0 });
        var written = ModelProto.Parser.ParseFrom(outcome.QuantizedBytes);

        var weights = written.Graph.Initializer.Where(t => t.DataType == (int)DataType.Int8).SelectMany(t => t.RawData.Select(b => (int)(sbyte)b)).ToList();

        // AVX2/AVX-512 without VNNI add two u8 × s8 products in int16 with saturation: 2 × 255 × |w| must fit.
        Assert.NotEmpty(weights);
        Assert.All(weights, w => Assert.InRange(w, -QuantizationMethodOptions.ReducedRangeWeightLimit, QuantizationMethodOptions.ReducedRangeWeightLimit));
        Assert.True(2 * 255 * weights.Max(Math.Abs) <= short.MaxValue);
        Assert.Contains(weights, w => Math.Abs(w) == QuantizationMethodOptions.ReducedRangeWeightLimit);
    }

    [Fact]
    public void The_weight_limit_is_a_parameter()
    {
        var model = Cnn();
        var outcome = StaticRun.Quantize(model, StaticRun.Static() with { WeightLimit = QuantizationMethodOptions.FullRangeWeightLimit }, StaticRun.Generated(model), gate: new QualityGate { MinimumTop1Agreement = 0 });
        var written = ModelProto.Parser.ParseFrom(outcome.QuantizedBytes);

        var largest = written.Graph.Initializer.Where(t => t.DataType == (int)DataType.Int8).SelectMany(t => t.RawData.Select(b => Math.Abs((int)(sbyte)b))).Max();

        Assert.Equal(127, largest);
        Assert.Contains("|q| <= 127", outcome.Method!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_activation_read_by_two_convs_is_quantized_once()
    {
        var model = new OnnxGraphBuilder("branches")
            .Input("image", DataType.Float, "batch", 3, 8, 8)
            .Output("sum", DataType.Float, "batch", 4, 8, 8)
            .Initializer(OnnxTensors.Float("a.weight", QuantizationRun.Uniform(1, 4 * 3 * 9, -0.3f, 0.3f), 4, 3, 3, 3))
            .Initializer(OnnxTensors.Float("b.weight", QuantizationRun.Uniform(2, 4 * 3 * 9, -0.3f, 0.3f), 4, 3, 3, 3))
            .Node("Conv", ["image", "a.weight"], ["a"], OnnxAttribute.Ints("pads", 1, 1, 1, 1))
            .Node("Conv", ["image", "b.weight"], ["b"], OnnxAttribute.Ints("pads", 1, 1, 1, 1))
            .Node("Add", ["a", "b"], ["sum"])
            .Build();

        var outcome = StaticRun.Quantize(model, StaticRun.Static(), StaticRun.Generated(model));
        var written = ModelProto.Parser.ParseFrom(outcome.QuantizedBytes);

        Assert.True(outcome.Verdict.Passed, string.Join("; ", outcome.Verdict.Failures));
        // Three input channels: both Convs read one zero-padded copy of the image (see the padding test below).
        var pad = Assert.Single(written.Graph.Node, n => n.OpType == "Pad");
        Assert.Equal("image", pad.Input[0]);
        Assert.Single(written.Graph.Node, n => n.OpType == "QuantizeLinear" && n.Input[0] == pad.Output[0]);
        Assert.DoesNotContain(written.Graph.Node, n => n.Input.Contains("image") && n.OpType != "Pad");
        Assert.Equal(2, StaticRun.Count(StaticRun.Optimized(outcome.QuantizedBytes), "QLinearConv"));
    }

    [Fact]
    public void Static_quantization_without_calibration_data_is_refused_with_the_reason()
    {
        var error = Assert.Throws<QuantizationException>(() => StaticRun.Quantize(Cnn(), StaticRun.Static(), calibration: null));

        Assert.Contains("needs calibration data", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void One_calibration_sample_is_refused_because_nothing_would_be_held_out()
    {
        var model = Cnn();

        var error = Assert.Throws<QuantizationException>(() => StaticRun.Quantize(model, StaticRun.Static(), StaticRun.Generated(model, samples: 1)));

        Assert.Contains("at least 2 calibration samples", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_picks_static_for_a_conv_net_with_calibration_and_dynamic_without()
    {
        var model = Cnn();
        var auto = new QuantizationMethodOptions { Method = QuantizationMethod.Auto };
        var lenient = new QualityGate { MinimumTop1Agreement = 0 };

        var withData = StaticRun.Quantize(model, auto, StaticRun.Generated(model), gate: lenient);
        var without = StaticRun.Quantize(model, auto, calibration: null, gate: lenient);

        Assert.Equal("static-int8-qdq", withData.Method!.Method);
        Assert.StartsWith("auto: Conv holds", withData.Method.Reason, StringComparison.Ordinal);
        Assert.Equal("dynamic-int8", without.Method!.Method);
        Assert.Contains("no calibration data", without.Method.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_picks_dynamic_for_an_mlp_even_with_calibration()
    {
        var model = TestMlp.Regressor([32, 64, 8]);

        var outcome = StaticRun.Quantize(model, new QuantizationMethodOptions { Method = QuantizationMethod.Auto }, StaticRun.Generated(model));

        Assert.Equal("dynamic-int8", outcome.Method!.Method);
        Assert.Contains("MatMul/Gemm dominate", outcome.Method.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Percentile_calibration_clips_a_rare_outlier_that_minmax_keeps()
    {
        var histogram = new RangeHistogram(0, 1000);
        var values = Enumerable.Range(0, 100_000).Select(i => (i % 1000) / 100f).Append(1000f).ToArray();
        histogram.Add(values);

        var range = histogram.Range(99.9);

        Assert.True(range.Max < 11, range.ToString());
        Assert.Equal(0, range.Min);
    }

    [Fact]
    public void Activation_ranges_hold_zero_exactly()
    {
        var relu = new ActivationRange(0, 6);
        var shifted = new ActivationRange(2, 6);

        Assert.Equal(0, relu.ZeroPoint);
        Assert.Equal(6f / 255f, relu.Scale);
        Assert.Equal(0, shifted.ZeroPoint);
        Assert.Equal(6f / 255f, shifted.Scale);
        Assert.InRange(new ActivationRange(-1, 1).ZeroPoint, 127, 128);
    }
}
