using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Inference;
using ModelService.Core.Registry;

namespace ModelService.Core.Tests.Inference;

public sealed class ModelSignatureReaderTests
{
    [Fact]
    public void The_signature_has_v2_datatypes_and_minus_one_for_dynamic_dimensions()
    {
        using var session = new InferenceSession(EngineModels.ScaleAndShift());

        var signature = ModelSignatureReader.Read(session);

        Assert.Equal(["x:FP32:[-1,2]", "s:FP32:[]", "k:INT64:[-1]"], signature.Inputs.Select(Describe));
        Assert.Equal(["scaled:FP32:[-1,2]", "shifted:FP32:[-1,2]"], signature.Outputs.Select(Describe));
    }

    private static string Describe(TensorSpec spec) => $"{spec.Name}:{spec.Datatype}:[{string.Join(',', spec.Shape)}]";

    [Fact]
    public void Outputs_the_v2_protocol_cannot_carry_are_left_out_and_the_rest_still_served()
    {
        using var harness = new EngineHarness(EngineModels.WithSequenceOutput());

        var outputs = harness.Infer("""{"inputs":[{"name":"x","datatype":"FP32","shape":[2],"data":[1,2]}]}""").GetProperty("outputs");

        Assert.Equal(["y"], harness.Signature.Outputs.Select(o => o.Name));
        Assert.Equal("[2,3]", outputs[0].GetProperty("data").GetRawText());
    }
}
