using System.Text;
using System.Text.Json;
using ModelService.Core.Errors;
using ModelService.Core.Inference;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Core.Tests.Inference;

/// <summary>The binary tensor data extension, both ways, against the byte layout of its protocol document.</summary>
public sealed class BinaryDataTests : IDisposable
{
    private const string BinaryOutputs = ""","parameters":{"binary_data_output":true}""";
    private readonly EngineHarness _harness = new(EngineModels.ScaleAndShift());

    [Fact]
    public void Binary_inputs_follow_the_json_in_input_order_and_binary_outputs_come_back_the_same_way()
    {
        float[] x = [1.5f, -2f, 4f, 0.25f];
        var json = """{"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"parameters":{"binary_data_size":16}},{"name":"s","datatype":"FP32","shape":[],"data":3},{"name":"k","datatype":"INT64","shape":[2],"parameters":{"binary_data_size":16}}],"outputs":[{"name":"scaled","parameters":{"binary_data":true}},{"name":"shifted","parameters":{"binary_data":true}}]}""";
        var (body, jsonLength) = BinaryBodies.Request(json, BinaryBodies.Floats(x), BinaryBodies.Int64s(2, 0));

        using var result = _harness.Run(body, jsonLength);
        var bytes = result.Response.ToArray();

        Assert.True(result.Response.HasBinaryData);
        Assert.Equal("application/octet-stream", result.Response.ContentType);
        Assert.Equal(bytes.Length, result.Response.ContentLength);
        var (header, binary) = BinaryBodies.Response(bytes, result.Response.JsonLength!.Value);
        Assert.Equal(BinaryBodies.Floats([.. x.Select(v => v * 3f)]), binary["scaled"]);
        Assert.Equal(BinaryBodies.Floats(31.5f, 28f, 14f, 10.25f), binary["shifted"]);
        var scaled = header.GetProperty("outputs")[0];
        Assert.Equal(16, scaled.GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.False(scaled.TryGetProperty("data", out _));
        Assert.Equal("FP32", scaled.GetProperty("datatype").GetString());
    }

    [Theory]
    [InlineData(DataType.Bool, "BOOL", "010001")]
    [InlineData(DataType.Int8, "INT8", "80007F")]
    [InlineData(DataType.Int16, "INT16", "00800500FF7F")]
    [InlineData(DataType.Int32, "INT32", "0000008007000000FFFFFF7F")]
    [InlineData(DataType.Int64, "INT64", "00000000000000800700000000000000FFFFFFFFFFFFFF7F")]
    [InlineData(DataType.Uint8, "UINT8", "0080FF")]
    [InlineData(DataType.Uint16, "UINT16", "00000100FFFF")]
    [InlineData(DataType.Uint32, "UINT32", "0000000001000000FFFFFFFF")]
    [InlineData(DataType.Uint64, "UINT64", "00000000000000000100000000000000FFFFFFFFFFFFFFFF")]
    [InlineData(DataType.Float16, "FP16", "00C10000FF7B")]
    [InlineData(DataType.Bfloat16, "BF16", "20C00000C03F")]
    [InlineData(DataType.Float, "FP32", "0000A0BF0000C07F00006040")]
    [InlineData(DataType.Double, "FP64", "000000000000F4BF0000000000000C40000000000000F03F")]
    public void Every_fixed_size_datatype_goes_through_byte_for_byte(DataType elementType, string datatype, string hex)
    {
        using var harness = new EngineHarness(EngineModels.Identity(elementType));
        var data = Convert.FromHexString(hex);
        var (body, jsonLength) = BinaryBodies.Request($$$"""{"inputs":[{"name":"x","datatype":"{{{datatype}}}","shape":[3],"parameters":{"binary_data_size":{{{data.Length}}}}}]{{{BinaryOutputs}}}}""", data);

        using var result = harness.Run(body, jsonLength);
        var (header, binary) = BinaryBodies.Response(result.Response.ToArray(), result.Response.JsonLength!.Value);

        Assert.Equal(hex, Convert.ToHexString(binary["y"]));
        Assert.Equal(datatype, header.GetProperty("outputs")[0].GetProperty("datatype").GetString());
        Assert.Equal([3L], header.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
    }

    [Fact]
    public void Bytes_elements_carry_a_four_byte_little_endian_length_each_way()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.String));
        var data = BinaryBodies.Strings("héllo", "", "a \"quoted\" word");
        var (body, jsonLength) = BinaryBodies.Request($$$"""{"inputs":[{"name":"x","datatype":"BYTES","shape":[3],"parameters":{"binary_data_size":{{{data.Length}}}}}]{{{BinaryOutputs}}}}""", data);

        using var result = harness.Run(body, jsonLength);
        var (_, binary) = BinaryBodies.Response(result.Response.ToArray(), result.Response.JsonLength!.Value);

        Assert.Equal("06000000", Convert.ToHexString(binary["y"][..4]));
        Assert.Equal(data, binary["y"]);
    }

    [Fact]
    public void Json_and_binary_inputs_and_outputs_mix_in_one_call()
    {
        var json = """{"id":"mixed","inputs":[{"name":"x","datatype":"FP32","shape":[1,2],"data":[1,2]},{"name":"s","datatype":"FP32","shape":[],"parameters":{"binary_data_size":4}},{"name":"k","datatype":"INT64","shape":[1],"data":[1]}],"outputs":[{"name":"scaled"},{"name":"shifted","parameters":{"binary_data":true}}]}""";
        var (body, jsonLength) = BinaryBodies.Request(json, BinaryBodies.Floats(10f));

        using var result = _harness.Run(body, jsonLength);
        var (header, binary) = BinaryBodies.Response(result.Response.ToArray(), result.Response.JsonLength!.Value);

        Assert.Equal("mixed", header.GetProperty("id").GetString());
        Assert.Equal([10f, 20f], header.GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
        Assert.Equal(BinaryBodies.Floats(21f, 22f), binary["shifted"]);
        Assert.Single(binary);
    }

    [Fact]
    public void An_output_s_binary_data_false_overrides_the_request_s_binary_data_output()
    {
        var request = RequestValidationTests.Request().TrimEnd('}') + ""","outputs":[{"name":"scaled","parameters":{"binary_data":false}},{"name":"shifted"}],"parameters":{"binary_data_output":true}}""";

        using var result = _harness.Run(Encoding.UTF8.GetBytes(request), null);
        var (header, binary) = BinaryBodies.Response(result.Response.ToArray(), result.Response.JsonLength!.Value);

        Assert.True(header.GetProperty("outputs")[0].TryGetProperty("data", out _));
        Assert.Equal(["shifted"], binary.Keys);
    }

    [Fact]
    public void Where_binary_answers_are_not_allowed_the_answer_is_json()
    {
        var request = RequestValidationTests.Request().TrimEnd('}') + ""","parameters":{"binary_data_output":true}}""";

        using var result = _harness.Run(Encoding.UTF8.GetBytes(request), null, allowBinary: false);

        Assert.False(result.Response.HasBinaryData);
        Assert.Null(result.Response.JsonLength);
        Assert.Equal(2, JsonDocument.Parse(result.Response.ToArray()).RootElement.GetProperty("outputs").GetArrayLength());
    }

    [Theory]
    [InlineData(12, "16")]
    [InlineData(20, "16")]
    public void A_binary_data_size_that_does_not_match_the_shape_is_400_naming_the_input(int size, string needed)
    {
        var json = """{"inputs":[{"name":"x","datatype":"FP32","shape":[2,2],"parameters":{"binary_data_size":""" + size + """}},{"name":"s","datatype":"FP32","shape":[],"data":3},{"name":"k","datatype":"INT64","shape":[2],"data":[0,0]}]}""";
        var (body, jsonLength) = BinaryBodies.Request(json, new byte[size]);

        var error = Assert.Throws<ModelServiceException>(() => _harness.Run(body, jsonLength));

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains(needed, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, 3, "runs past the end")]
    [InlineData(4, 6, "2 bytes after the JSON object")]
    public void Binary_data_must_fill_the_body_exactly(int declared, int sent, string expected)
    {
        var (body, jsonLength) = BinaryBodies.Request(ScalarAsBinary(declared), new byte[sent]);

        var error = Assert.Throws<ModelServiceException>(() => _harness.Run(body, jsonLength));

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Binary_data_without_the_header_length_is_400()
    {
        var error = Assert.Throws<ModelServiceException>(() => _harness.Run(Encoding.UTF8.GetBytes(ScalarAsBinary(4)), null));

        Assert.Contains("Inference-Header-Content-Length", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_and_binary_data_size_together_are_400()
    {
        var json = RequestValidationTests.Request().Replace("\"data\":[2]", "\"data\":[2],\"parameters\":{\"binary_data_size\":4}", StringComparison.Ordinal);
        var (body, jsonLength) = BinaryBodies.Request(json, new byte[4]);

        var error = Assert.Throws<ModelServiceException>(() => _harness.Run(body, jsonLength));

        Assert.Contains("both 'data' and parameters.binary_data_size", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", 10)]
    [InlineData("x", 10)]
    [InlineData("-1", 10)]
    [InlineData("11", 10)]
    public void A_bad_header_length_is_400(string value, int bodyLength)
    {
        if (value.Length == 0)
        {
            Assert.Null(InferenceRequestBody.Parse(new byte[bodyLength], value).JsonLength);
            return;
        }

        var error = Assert.Throws<ModelServiceException>(() => InferenceRequestBody.Parse(new byte[bodyLength], value));

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
    }

    [Fact]
    public void A_binary_bool_other_than_0_or_1_is_400_naming_the_element()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.Bool));
        var (body, jsonLength) = BinaryBodies.Request("""{"inputs":[{"name":"x","datatype":"BOOL","shape":[3],"parameters":{"binary_data_size":3}}]}""", [1, 0, 2]);

        var error = Assert.Throws<ModelServiceException>(() => harness.Run(body, jsonLength));

        Assert.Contains("element 2", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0500000068656C6C", "5 bytes long")]
    [InlineData("050000", "ends before the length")]
    [InlineData("0000000000", "remain after")]
    public void Truncated_or_padded_binary_bytes_are_400(string hex, string expected)
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.String));
        var data = Convert.FromHexString(hex);
        var (body, jsonLength) = BinaryBodies.Request($$$"""{"inputs":[{"name":"x","datatype":"BYTES","shape":[1],"parameters":{"binary_data_size":{{{data.Length}}}}}]}""", data);

        var error = Assert.Throws<ModelServiceException>(() => harness.Run(body, jsonLength));

        Assert.Equal(ErrorCode.InvalidRequest, error.Code);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_binary_input_over_the_element_limit_is_413_before_anything_is_allocated()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.Float), new InferenceOptions { MaxElementsPerRequest = 100 });
        var (body, jsonLength) = BinaryBodies.Request("""{"inputs":[{"name":"x","datatype":"FP32","shape":[101],"parameters":{"binary_data_size":404}}]}""", new byte[404]);

        var error = Assert.Throws<ModelServiceException>(() => harness.Run(body, jsonLength));

        Assert.Equal(ErrorCode.PayloadTooLarge, error.Code);
    }

    [Fact]
    public void The_request_id_travels_with_an_error_raised_after_it_was_read()
    {
        var request = RequestValidationTests.Request().Replace("{\"inputs\"", "{\"id\":\"req-7\",\"inputs\"", StringComparison.Ordinal).Replace("\"FP32\",\"shape\":[1,2]", "\"INT32\",\"shape\":[1,2]", StringComparison.Ordinal);

        var error = _harness.Refuse(request);

        Assert.Equal("req-7", ModelService.Core.Inference.V2.InferenceRequestIds.Of(error));
    }

    [Fact]
    public void The_request_id_travels_with_an_error_found_while_reading_the_request()
    {
        var error = _harness.Refuse("""{"id":"req-8","inputs":[{"name":"x","datatype":"FP32","shape":[-1],"data":[1]}]}""");

        Assert.Equal("req-8", ModelService.Core.Inference.V2.InferenceRequestIds.Of(error));
        Assert.Contains("non-negative", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_parameters_other_than_the_extension_s_are_echoed_in_the_response()
    {
        var request = RequestValidationTests.Request().TrimEnd('}') + ""","parameters":{"trace":"abc","priority":2,"binary_data_output":false}}""";

        var parameters = _harness.Infer(request).GetProperty("parameters");

        Assert.Equal("abc", parameters.GetProperty("trace").GetString());
        Assert.Equal(2, parameters.GetProperty("priority").GetInt32());
        Assert.False(parameters.TryGetProperty("binary_data_output", out _));
    }

    public void Dispose() => _harness.Dispose();

    private static string ScalarAsBinary(int size) =>
        RequestValidationTests.Request().Replace("\"data\":[2]", $"\"parameters\":{{\"binary_data_size\":{size}}}", StringComparison.Ordinal);
}
