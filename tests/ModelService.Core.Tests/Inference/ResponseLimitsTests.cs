using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using ModelService.Core.Errors;
using ModelService.Core.Inference;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Core.Tests.Inference;

/// <summary>Output limits (checked before the run where shapes are known, else before writing) and the streamed answer.</summary>
public sealed class ResponseLimitsTests
{
    [Fact]
    public void An_answer_over_the_byte_limit_is_413_naming_the_output_before_anything_is_written()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.Float), new InferenceOptions { MaxResponseBytes = 4096 });

        var error = harness.Refuse(Identity(2000));

        Assert.Equal(ErrorCode.PayloadTooLarge, error.Code);
        Assert.Contains("'y'", error.Message, StringComparison.Ordinal);
        Assert.Contains("binary_data_output", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_over_the_element_limit_is_413_even_as_binary()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.Float), new InferenceOptions { MaxResponseElements = 1000 });

        var error = harness.Refuse(Identity(1001).TrimEnd('}') + ""","parameters":{"binary_data_output":true}}""");

        Assert.Equal(ErrorCode.PayloadTooLarge, error.Code);
        Assert.Contains("'y'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Outputs_whose_shape_follows_the_batch_are_refused_before_the_run()
    {
        // scaled has shape [batch, 2]: 3000 rows are 6000 elements per output, over the limit before ONNX Runtime runs.
        using var harness = new EngineHarness(EngineModels.ScaleAndShift(), new InferenceOptions { MaxResponseElements = 5000 });
        var rows = 3000;
        var request = $$"""{"inputs":[{"name":"x","datatype":"FP32","shape":[{{rows}},2],"data":[{{string.Join(',', Enumerable.Repeat("1", rows * 2))}}]},{"name":"s","datatype":"FP32","shape":[],"data":1},{"name":"k","datatype":"INT64","shape":[{{rows}}],"data":[{{string.Join(',', Enumerable.Repeat("0", rows))}}]}]}""";

        var error = harness.Refuse(request);

        Assert.Equal(ErrorCode.PayloadTooLarge, error.Code);
        Assert.Contains("at least", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_answer_just_under_the_limit_is_written_whole()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.Float), new InferenceOptions { MaxResponseBytes = 1L << 20 });

        var response = harness.Infer(Identity(20_000));

        Assert.Equal(20_000, response.GetProperty("outputs")[0].GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task A_large_json_answer_is_streamed_in_flushes_and_equals_the_buffered_one()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.Float));
        using var result = harness.Run(Identity(50_000));
        var flushes = new CountingStream();
        var writer = PipeWriter.Create(flushes);

        await result.Response.WriteToAsync(writer, CancellationToken.None);
        await writer.CompleteAsync();

        Assert.True(flushes.Writes > 2, $"{flushes.Writes} writes");
        var streamed = flushes.ToArray();
        Assert.Equal(50_000, JsonDocument.Parse(streamed).RootElement.GetProperty("outputs")[0].GetProperty("data").GetArrayLength());
        Assert.Equal(streamed, result.Response.ToArray());
    }

    [Fact]
    public void Classification_returns_the_top_k_as_value_index_label_per_row()
    {
        using var harness = new EngineHarness(EngineModels.ScaleAndShift());
        var request = """{"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"data":[[1,5],[7,2]]},{"name":"s","datatype":"FP32","shape":[],"data":1},{"name":"k","datatype":"INT64","shape":[2],"data":[0,0]}],"outputs":[{"name":"scaled","parameters":{"classification":2}}]}""";

        var plain = JsonDocument.Parse(EngineHarness.Body(harness.Run(Encoding.UTF8.GetBytes(request), null))).RootElement.GetProperty("outputs")[0];
        var labelled = JsonDocument.Parse(EngineHarness.Body(harness.Run(Encoding.UTF8.GetBytes(request), null, ["cat", "dog"]))).RootElement.GetProperty("outputs")[0];

        Assert.Equal("BYTES", plain.GetProperty("datatype").GetString());
        Assert.Equal([2L, 2L], plain.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(["5:1", "1:0", "7:0", "2:1"], plain.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["5:1:dog", "1:0:cat", "7:0:cat", "2:1:dog"], labelled.GetProperty("data").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public void Classification_of_a_bytes_output_is_400()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.String));

        var error = harness.Refuse("""{"inputs":[{"name":"x","datatype":"BYTES","shape":[1],"data":["a"]}],"outputs":[{"name":"y","parameters":{"classification":1}}]}""");

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains("'y'", error.Message, StringComparison.Ordinal);
    }

    private static string Identity(int count) =>
        $$"""{"inputs":[{"name":"x","datatype":"FP32","shape":[{{count}}],"data":[{{string.Join(',', Enumerable.Range(0, count).Select(i => (i * 1.37f).ToString(System.Globalization.CultureInfo.InvariantCulture)))}}]}]}""";

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            base.Write(buffer);
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes++;
            return base.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Writes++;
            return base.WriteAsync(buffer, offset, count, cancellationToken);
        }
    }
}
