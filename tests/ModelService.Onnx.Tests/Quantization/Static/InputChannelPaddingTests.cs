using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Quantization.Static;
using ModelService.Onnx.Tests.Support;
using ModelService.Testing.Onnx;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Tests.Quantization.Static;

/// <summary>A Conv whose input channels are not a multiple of 4 (an RGB image) reads a zero-padded copy, so that ONNX Runtime's symmetric int8 conv kernel applies; the padding adds nothing to the result.</summary>
public sealed class InputChannelPaddingTests
{
    [Fact]
    public void The_first_conv_of_an_rgb_net_reads_a_zero_padded_image_and_its_filters_get_zero_weights_for_the_new_channel()
    {
        var model = new CnnBuilder(3, 16, 16).ConvBlock(16).ConvBlock(32).Classes(10).Seed(5).Build();

        var outcome = StaticRun.Quantize(model, StaticRun.Static(), StaticRun.Generated(model), gate: new QualityGate { MinimumTop1Agreement = 0.9 });
        var written = ModelProto.Parser.ParseFrom(outcome.QuantizedBytes);

        Assert.True(outcome.Verdict.Passed, string.Join("; ", outcome.Verdict.Failures));
        var pad = Assert.Single(written.Graph.Node, n => n.OpType == "Pad");
        Assert.Equal("image", pad.Input[0]);
        Assert.Equal([0L, 0, 0, 0, 0, 1, 0, 0], Int64s(written.Graph.Initializer.Single(t => t.Name == pad.Input[1])));
        var filters = Int8Filters(written).ToList();
        Assert.Equal([16L, 4, 3, 3], filters[0].Dims);
        Assert.Equal([32L, 16, 3, 3], filters[1].Dims);
        var first = filters[0].RawData.Select(b => (sbyte)b).ToArray();
        Assert.All(Enumerable.Range(0, 16), output => Assert.All(first.AsSpan((output * 36) + 27, 9).ToArray(), w => Assert.Equal(0, w)));
        Assert.Contains(first, w => w != 0);
        // The padded filters keep the encoding that cannot saturate the int16 pair sums of AVX2 kernels.
        Assert.All(filters, f => Assert.All(f.RawData.Select(b => (sbyte)b), w => Assert.InRange(Math.Abs((int)w), 0, WeightRanges.ReducedLimit)));
        var optimized = StaticRun.Optimized(outcome.QuantizedBytes);
        Assert.Equal(2, StaticRun.Count(optimized, "QLinearConv"));
        Assert.Equal(1, StaticRun.Count(optimized, "QuantizeLinear"));
    }

    [Fact]
    public void A_conv_on_four_channels_is_not_padded()
    {
        var model = new CnnBuilder(4, 8, 8).ConvBlock(8).Classes(3).Seed(6).Build();

        var outcome = StaticRun.Quantize(model, StaticRun.Static(), StaticRun.Generated(model), gate: new QualityGate { MinimumTop1Agreement = 0 });
        var written = ModelProto.Parser.ParseFrom(outcome.QuantizedBytes);

        Assert.DoesNotContain(written.Graph.Node, n => n.OpType == "Pad");
        Assert.Equal([8L, 4, 3, 3], Int8Filters(written).Single().Dims);
    }

    [Theory]
    [InlineData(3, 1, 1)]
    [InlineData(1, 1, 3)]
    [InlineData(4, 1, 0)]
    [InlineData(6, 1, 2)]
    [InlineData(3, 3, 0)]
    public void Needed_rounds_input_channels_up_to_four_for_ungrouped_convs_only(int channels, int group, int expected)
    {
        var conv = new NodeProto { OpType = "Conv", Name = "c" };
        conv.Attribute.Add(OnnxAttribute.Int("group", group));
        var filters = OnnxTensors.Float("w", new float[8 * channels / group * 9], 8, channels / group, 3, 3);

        Assert.Equal(expected, InputChannelPadding.Needed(conv, filters));
    }

    [Fact]
    public void Filters_keeps_every_weight_at_its_channel_and_kernel_position()
    {
        // Two output channels, three input channels, kernel of two: values 1…12.
        var values = Enumerable.Range(1, 12).Select(i => (float)i).ToArray();

        var padded = InputChannelPadding.Filters(values, [2, 3, 2], 1);

        Assert.Equal([1f, 2, 3, 4, 5, 6, 0, 0, 7, 8, 9, 10, 11, 12, 0, 0], padded);
    }

    private static IEnumerable<TensorProto> Int8Filters(ModelProto model) =>
        model.Graph.Initializer.Where(t => t.DataType == (int)DataType.Int8 && t.Dims.Count == 4);

    private static long[] Int64s(TensorProto tensor) =>
        [.. Enumerable.Range(0, tensor.RawData.Length / 8).Select(i => BitConverter.ToInt64(tensor.RawData.Span.Slice(i * 8, 8)))];
}
