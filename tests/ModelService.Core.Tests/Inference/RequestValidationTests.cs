using ModelService.Core.Errors;
using ModelService.Core.Inference;

namespace ModelService.Core.Tests.Inference;

public sealed class RequestValidationTests : IDisposable
{
    private readonly EngineHarness _harness = new(EngineModels.ScaleAndShift());

    [Theory]
    [InlineData("", "JSON")]
    [InlineData("[1,2]", "object")]
    [InlineData("{\"inputs\": 5}", "'inputs'")]
    [InlineData("{\"id\": 7, \"inputs\": []}", "'id'")]
    [InlineData("{\"inputs\": []}", "no 'inputs'")]
    [InlineData("{\"inputs\": [{\"name\": \"x\"}]}", "'x'")]
    [InlineData("{\"inputs\": [{\"datatype\": \"FP32\", \"shape\": [1], \"data\": [1]}]}", "'name'")]
    [InlineData("{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [-1, 2], \"data\": [1]}]}", "non-negative")]
    [InlineData("{\"inputs\": [{\"name\": \"x\", \"datatype\": \"FP32\", \"shape\": [1, 2], \"data\": [1, 2]}]} trailing", "JSON")]
    public void A_malformed_request_is_400_saying_what_is_wrong(string body, string fragment)
    {
        var error = _harness.Refuse(body);

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains(fragment, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void An_unknown_input_is_400_naming_it_and_the_models_inputs()
    {
        var error = _harness.Refuse(Request(extra: """,{"name":"z","datatype":"FP32","shape":[1],"data":[1]}"""));

        Assert.Contains("'z'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'x', 's', 'k'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_input_is_400_naming_it() =>
        Assert.Contains("'k'", _harness.Refuse("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1,2],"data":[1,2]},{"name":"s","datatype":"FP32","shape":[],"data":[2]}]}""").Message, StringComparison.Ordinal);

    [Fact]
    public void An_input_given_twice_is_400() =>
        Assert.Contains("more than once", _harness.Refuse(Request(extra: """,{"name":"s","datatype":"FP32","shape":[],"data":[2]}""")).Message, StringComparison.Ordinal);

    [Theory]
    [InlineData("FP64", "[1,2]", "[1,2]", "datatype FP64")]
    [InlineData("FLOAT", "[1,2]", "[1,2]", "not a v2 datatype")]
    [InlineData("FP32", "[1,3]", "[1,2,3]", "shape [1,3]")]
    [InlineData("FP32", "[2]", "[1,2]", "shape [2]")]
    [InlineData("FP32", "[1,2]", "[1,2,3]", "more elements")]
    [InlineData("FP32", "[2,2]", "[1,2,3]", "has 3 elements")]
    public void An_input_that_does_not_fit_the_model_is_400_naming_it(string datatype, string shape, string data, string fragment)
    {
        var error = _harness.Refuse($$"""{"inputs":[{"name":"x","datatype":"{{datatype}}","shape":{{shape}},"data":{{data}}},{"name":"s","datatype":"FP32","shape":[],"data":[2]},{"name":"k","datatype":"INT64","shape":[1],"data":[0]}]}""");

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_value_the_model_cannot_run_on_is_400_not_a_crash()
    {
        var error = _harness.Refuse(Request(k: "[7]"));

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains("cannot run", error.Message, StringComparison.Ordinal);

        // ONNX Runtime's own text (source paths, node names) is kept for the server log, never shown to the client.
        Assert.Equal(InferenceEngine.CannotRunMessage, error.Message);
        var runtimeText = Assert.IsType<Microsoft.ML.OnnxRuntime.OnnxRuntimeException>(error.InnerException).Message;
        Assert.Contains("Status Message", runtimeText, StringComparison.Ordinal);
        Assert.DoesNotContain(runtimeText, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mismatched_batch_sizes_between_inputs_are_400()
    {
        var error = _harness.Refuse("""{"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"data":[1,2,3,4]},{"name":"s","datatype":"FP32","shape":[],"data":[2]},{"name":"k","datatype":"INT64","shape":[3],"data":[0,1,2]}]}""");

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
    }

    [Fact]
    public void Objects_inside_data_are_400() =>
        Assert.Contains("objects", _harness.Refuse(Request(k: "[{\"a\": 1}]")).Message, StringComparison.Ordinal);

    [Fact]
    public void A_cancelled_call_stops_with_cancellation_not_an_error()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => _harness.Run(Request(), cancelled.Token));
    }

    public void Dispose() => _harness.Dispose();

    internal static string Request(string k = "[0]", string kShape = "[1]", string extra = "") =>
        $$"""{"inputs":[{"name":"x","datatype":"FP32","shape":[1,2],"data":[1,2]},{"name":"s","datatype":"FP32","shape":[],"data":[2]},{"name":"k","datatype":"INT64","shape":{{kShape}},"data":{{k}}}{{extra}}]}""";
}
