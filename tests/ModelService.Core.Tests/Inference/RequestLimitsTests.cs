using System.Text;
using ModelService.Core.Errors;
using ModelService.Core.Inference;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Core.Tests.Inference;

public sealed class RequestLimitsTests
{
    [Fact]
    public void More_elements_than_the_limit_is_413_before_any_data_is_read()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.Float), new InferenceOptions { MaxElementsPerRequest = 100 });
        var data = "[" + string.Join(',', Enumerable.Repeat("1", 101)) + "]";

        var error = harness.Refuse($$"""{"inputs":[{"name":"x","datatype":"FP32","shape":[101],"data":{{data}}}]}""");

        Assert.Equal(ErrorCode.PayloadTooLarge, error.Code);
        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_whose_size_overflows_is_413_not_an_overflow() 
    {
        using var harness = new EngineHarness(EngineModels.ScaleAndShift());

        var error = harness.Refuse("""{"inputs":[{"name":"x","datatype":"FP32","shape":[4611686018427387904,2],"data":[1]},{"name":"s","datatype":"FP32","shape":[],"data":[2]},{"name":"k","datatype":"INT64","shape":[1],"data":[0]}]}""");

        Assert.Equal(ErrorCode.PayloadTooLarge, error.Code);
    }

    [Fact]
    public void A_large_shape_with_little_data_is_400_without_allocating_the_shape()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.Float));

        var error = harness.Refuse("""{"inputs":[{"name":"x","datatype":"FP32","shape":[10000000],"data":[1,2]}]}""");

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains("too short", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_body_over_the_byte_limit_is_413()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.Float), new InferenceOptions { MaxRequestBytes = 1024 });
        var data = "[" + string.Join(',', Enumerable.Repeat("1.5", 400)) + "]";

        var error = harness.Refuse($$"""{"inputs":[{"name":"x","datatype":"FP32","shape":[400],"data":{{data}}}]}""");

        Assert.Equal(ErrorCode.PayloadTooLarge, error.Code);
        Assert.True(Encoding.UTF8.GetByteCount(data) > 1024);
    }

    [Fact]
    public void Deeply_nested_data_is_400()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.Float));
        var data = new string('[', 200) + "1" + new string(']', 200);

        var error = harness.Refuse($$"""{"inputs":[{"name":"x","datatype":"FP32","shape":[1],"data":{{data}}}]}""");

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
    }
}
