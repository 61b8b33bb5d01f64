using ModelService.Core.Errors;

namespace ModelService.Core.Tests.Inference;

public sealed class InferenceResponseTests : IDisposable
{
    private readonly EngineHarness _harness = new(EngineModels.ScaleAndShift());

    [Fact]
    public void Several_inputs_a_scalar_and_an_int64_index_give_the_values_computed_here()
    {
        float[] x = [1.5f, -2f, 4f, 0.25f];
        long[] k = [2, 0];
        const float s = 3f;
        float[] offsets = [10f, 20f, 30f];

        var response = _harness.Infer($$"""{"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"data":[[1.5,-2],[4,0.25]]},{"name":"s","datatype":"FP32","shape":[],"data":3},{"name":"k","datatype":"INT64","shape":[2],"data":[2,0]}]}""");

        var outputs = response.GetProperty("outputs").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!);
        Assert.Equal(x.Select(v => v * s), outputs["scaled"].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
        Assert.Equal(x.Select((v, i) => v + offsets[k[i / 2]]), outputs["shifted"].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
        Assert.Equal([2L, 2L], outputs["shifted"].GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public void The_response_names_the_model_version_and_echoes_the_id()
    {
        var response = _harness.Infer(RequestValidationTests.Request().Replace("{\"inputs\"", "{\"id\":\"req-42\",\"parameters\":{\"x\":1},\"inputs\"", StringComparison.Ordinal));

        Assert.Equal("test-model", response.GetProperty("model_name").GetString());
        Assert.Equal("3", response.GetProperty("model_version").GetString());
        Assert.Equal("req-42", response.GetProperty("id").GetString());
    }

    [Fact]
    public void Without_an_id_the_response_has_none() =>
        Assert.False(_harness.Infer(RequestValidationTests.Request()).TryGetProperty("id", out _));

    [Fact]
    public void Requested_outputs_are_the_only_ones_returned_in_the_order_asked()
    {
        var request = RequestValidationTests.Request().TrimEnd('}') + ""","outputs":[{"name":"shifted","parameters":{"binary_data":false}}]}""";

        var outputs = _harness.Infer(request).GetProperty("outputs");

        Assert.Equal(["shifted"], outputs.EnumerateArray().Select(o => o.GetProperty("name").GetString()));
    }

    [Fact]
    public void An_unknown_requested_output_is_400_naming_it()
    {
        var error = _harness.Refuse(RequestValidationTests.Request().TrimEnd('}') + ""","outputs":[{"name":"nope"}]}""");

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains("'nope'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_batch_size_is_the_leading_dynamic_dimension()
    {
        var result = _harness.Run("""{"inputs":[{"name":"x","datatype":"FP32","shape":[3,2],"data":[1,2,3,4,5,6]},{"name":"s","datatype":"FP32","shape":[],"data":[1]},{"name":"k","datatype":"INT64","shape":[3],"data":[0,1,2]}]}""");

        Assert.Equal(3, result.BatchSize);
        Assert.True(result.ComputeTime > TimeSpan.Zero);
    }

    public void Dispose() => _harness.Dispose();
}
