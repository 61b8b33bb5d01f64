using System.Globalization;
using System.Text.Json;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Core.Tests.Inference;

public sealed class DatatypeRoundTripTests
{
    [Theory]
    [InlineData(DataType.Bool, "BOOL", "[true,false,true]")]
    [InlineData(DataType.Int8, "INT8", "[-128,0,127]")]
    [InlineData(DataType.Int16, "INT16", "[-32768,5,32767]")]
    [InlineData(DataType.Int32, "INT32", "[-2147483648,7,2147483647]")]
    [InlineData(DataType.Int64, "INT64", "[-9223372036854775808,0,9223372036854775807]")]
    [InlineData(DataType.Uint8, "UINT8", "[0,128,255]")]
    [InlineData(DataType.Uint16, "UINT16", "[0,1,65535]")]
    [InlineData(DataType.Uint32, "UINT32", "[0,1,4294967295]")]
    [InlineData(DataType.Uint64, "UINT64", "[0,1,18446744073709551615]")]
    [InlineData(DataType.Float16, "FP16", "[-2.5,0,65504]")]
    [InlineData(DataType.Bfloat16, "BF16", "[-2.5,0,1.5]")]
    [InlineData(DataType.Float, "FP32", "[-1.25,3.5,1E+30]")]
    [InlineData(DataType.Double, "FP64", "[-1.25,3.141592653589793,1E+300]")]
    [InlineData(DataType.String, "BYTES", """["héllo","","a \"quoted\" word"]""")]
    public void Every_v2_datatype_goes_through_unchanged(DataType elementType, string datatype, string data)
    {
        using var harness = new EngineHarness(EngineModels.Identity(elementType));

        var output = harness.Output($$"""{"inputs":[{"name":"x","datatype":"{{datatype}}","shape":[3],"data":{{data}}}]}""", "y");

        Assert.Equal(datatype, output.GetProperty("datatype").GetString());
        Assert.Equal([3L], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(Canonical(data, datatype), Canonical(output.GetProperty("data").GetRawText(), datatype));
    }

    [Theory]
    [InlineData("INT8", DataType.Int8, "[128]")]
    [InlineData("INT8", DataType.Int8, "[-129]")]
    [InlineData("UINT8", DataType.Uint8, "[-1]")]
    [InlineData("UINT64", DataType.Uint64, "[-1]")]
    [InlineData("INT32", DataType.Int32, "[1.5]")]
    [InlineData("INT64", DataType.Int64, "[\"7\"]")]
    [InlineData("BOOL", DataType.Bool, "[2]")]
    [InlineData("FP16", DataType.Float16, "[70000]")]
    [InlineData("FP32", DataType.Float, "[1e40]")]
    [InlineData("FP32", DataType.Float, "[\"one\"]")]
    [InlineData("BYTES", DataType.String, "[1]")]
    public void A_value_its_datatype_cannot_hold_is_400_naming_the_element(string datatype, DataType elementType, string data)
    {
        using var harness = new EngineHarness(EngineModels.Identity(elementType));

        var error = harness.Refuse($$"""{"inputs":[{"name":"x","datatype":"{{datatype}}","shape":[1],"data":{{data}}}]}""");

        Assert.Equal(Errors.ErrorCode.InvalidRequest, error.Code);
        Assert.Contains("'x'", error.Message, StringComparison.Ordinal);
        Assert.Contains("element 0", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_finite_floats_travel_as_strings_both_ways()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.Float));

        var output = harness.Output("""{"inputs":[{"name":"x","datatype":"FP32","shape":[4],"data":["NaN","Infinity","-Infinity",2]}]}""", "y");

        Assert.Equal("""["NaN","Infinity","-Infinity",2]""", output.GetProperty("data").GetRawText());
    }

    [Fact]
    public void Ones_and_zeros_are_accepted_as_booleans()
    {
        using var harness = new EngineHarness(EngineModels.Identity(DataType.Bool));

        var output = harness.Output("""{"inputs":[{"name":"x","datatype":"BOOL","shape":[2],"data":[1,0]}]}""", "y");

        Assert.Equal("[true,false]", output.GetProperty("data").GetRawText());
    }

    /// <summary>Elements as comparable text: floats at their datatype's precision, everything else as written.</summary>
    private static string[] Canonical(string json, string datatype) =>
        [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => (e.ValueKind, datatype) switch
        {
            (JsonValueKind.Number, "FP64") => e.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            (JsonValueKind.Number, "FP32" or "FP16" or "BF16") => e.GetSingle().ToString("R", CultureInfo.InvariantCulture),
            (JsonValueKind.String, _) => e.GetString()!,
            _ => e.GetRawText(),
        })];
}
