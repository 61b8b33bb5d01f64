using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Quantization.Preparation;
using ModelService.Onnx.Quantization.Static;
using ModelService.Onnx.Reading;
using ModelService.Onnx.Tests.Support;
using ModelService.Onnx.Writing;
using ModelService.Testing;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Tests.Quantization.Preparation;

/// <summary>Models as other exporters write them either quantize or are refused naming the node and the reason.</summary>
public sealed class ExportedGraphTests : IDisposable
{
    private static readonly QualityGate Lenient = new() { MinimumTop1Agreement = 0.9 };
    private readonly TemporaryDirectory _folder = new();

    public static TheoryData<QuantizationMethod> Methods() => [QuantizationMethod.Dynamic, QuantizationMethod.Static];

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_paddle_style_opset_9_classifier_with_constant_node_weights_and_batch_norm_quantizes(QuantizationMethod method)
    {
        var model = ExportedModels.PaddleStyleClassifier();

        var outcome = StaticRun.Quantize(model, new QuantizationMethodOptions { Method = method }, StaticRun.Generated(model), gate: Lenient);

        Assert.True(outcome.Verdict.Passed, string.Join("; ", outcome.Verdict.Failures));
        Assert.True(outcome.Evaluation.Quality.CosineSimilarity >= 0.99, outcome.Evaluation.Quality.ToString());
        Assert.Contains(outcome.PreparationSteps, s => s.StartsWith("2 BatchNormalization nodes folded", StringComparison.Ordinal));
        Assert.Contains(outcome.PreparationSteps, s => s.Contains("Constant nodes folded", StringComparison.Ordinal));
        Assert.Contains(outcome.PreparationSteps, s => s.StartsWith("opset raised from 9", StringComparison.Ordinal));
        Assert.Equal(3, outcome.Result.QuantizedNodes.Count);
        var written = ModelProto.Parser.ParseFrom(outcome.QuantizedBytes);
        Assert.DoesNotContain(written.Graph.Node, n => n.OpType is "BatchNormalization" or "Constant");
    }

    [Fact]
    public void Preparation_folds_batch_norm_into_the_conv_and_keeps_what_the_model_computes()
    {
        var model = ExportedModels.PaddleStyleClassifier();

        var prepared = GraphPreparation.Prepare(model, StaticQuantizer.MinimumOpset);

        Assert.DoesNotContain(prepared.Model.Graph.Node, n => n.OpType is "BatchNormalization" or "Constant");
        Assert.Equal(2, prepared.Model.Graph.Node.Count(n => n.OpType == "Conv"));
        Assert.Equal([string.Empty], prepared.Model.OpsetImport.Select(o => o.Domain));
        AssertSameOutputs(model, prepared.Model, OrtInput.Float("image", QuantizationRun.Uniform(1, 2 * 3 * 16 * 16), 2, 3, 16, 16), "probabilities");
    }

    [Theory]
    [InlineData("mlp-gemm")]
    [InlineData("mlp-matmul")]
    [InlineData("cnn")]
    [InlineData("transformer-gelu")]
    public void A_clean_model_comes_back_from_preparation_unchanged_so_it_quantizes_as_before(string name)
    {
        var model = DynamicQuantizerTests.Case(name).Model;

        var prepared = GraphPreparation.Prepare(model, StaticQuantizer.MinimumOpset);

        Assert.Empty(prepared.Steps);
        Assert.Equal(model, prepared.Model);
    }

    [Fact]
    public void Initializers_listed_as_graph_inputs_under_ir_3_are_quantized_as_constants()
    {
        var model = ExportedModels.InitializersAsInputs();

        var outcome = StaticRun.Quantize(model, QuantizationMethodOptions.Dynamic, calibration: null);

        Assert.True(outcome.Verdict.Passed, string.Join("; ", outcome.Verdict.Failures));
        Assert.Equal(2, outcome.Result.QuantizedNodes.Count);
        Assert.Equal(["input"], outcome.After.Inputs.Select(i => i.Name));
    }

    [Fact]
    public void Raising_the_opset_rewrites_operators_whose_attributes_became_inputs_without_changing_results()
    {
        var model = ExportedModels.OldOpsetOperators();

        var prepared = GraphPreparation.Prepare(model, StaticQuantizer.MinimumOpset);

        Assert.Equal(13, prepared.Model.OpsetImport.Single(o => o.Domain.Length == 0).Version);
        Assert.True(prepared.Model.IrVersion >= 7);
        Assert.DoesNotContain(prepared.Model.Graph.Node, n => n.OpType is "Clip" or "Squeeze" or "Unsqueeze" or "Pad" or "Slice" && n.Attribute.Any(a => a.Name is "min" or "axes" or "pads" or "starts"));
        AssertSameOutputs(model, prepared.Model, OrtInput.Float("x", QuantizationRun.Uniform(2, 2 * 4 * 6), 2, 4, 6), "y");
    }

    [Fact]
    public void An_operator_that_cannot_be_carried_to_the_needed_opset_is_refused_by_name_and_reason()
    {
        var error = Assert.Throws<QuantizationException>(() => StaticRun.Quantize(ExportedModels.WithUpsample(), QuantizationMethodOptions.Dynamic, calibration: null));

        Assert.Contains("Node 'Upsample_1' (Upsample)", error.Message, StringComparison.Ordinal);
        Assert.Contains("opset 9 to opset 11", error.Message, StringComparison.Ordinal);
        Assert.Contains("Resize", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_model_with_an_if_subgraph_quantizes_its_main_graph_and_leaves_the_branches_float(QuantizationMethod method)
    {
        var model = ExportedModels.WithIf();

        var outcome = StaticRun.Quantize(model, new QuantizationMethodOptions { Method = method }, StaticRun.Generated(model), gate: Lenient);

        Assert.True(outcome.Verdict.Passed, string.Join("; ", outcome.Verdict.Failures));
        Assert.Equal(["Conv_0", "Gemm_4"], outcome.Result.QuantizedNodes);
        var written = ModelProto.Parser.ParseFrom(outcome.QuantizedBytes);
        var branches = written.Graph.Node.Single(n => n.OpType == "If").Attribute.Select(a => a.G).ToList();
        Assert.All(branches, branch => Assert.Single(branch.Node, n => n.OpType == "Conv"));
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void A_conv_whose_filters_are_a_graph_input_is_refused_naming_the_node_and_the_reason(QuantizationMethod method)
    {
        var model = new OnnxGraphBuilder("runtime-filters")
            .Input("image", DataType.Float, "batch", 3, 8, 8)
            .Input("filters", DataType.Float, 4, 3, 3, 3)
            .Output("features", DataType.Float, "batch", 4, 6, 6)
            .Initializer(OnnxTensors.Float("filters", QuantizationRun.Uniform(3, 4 * 3 * 9), 4, 3, 3, 3))
            .Node("Conv", ["image", "filters"], ["features"])
            .Build();

        var error = Assert.Throws<QuantizationException>(() => StaticRun.Quantize(model, new QuantizationMethodOptions { Method = method }, StaticRun.Generated(model)));

        Assert.Equal("Nothing in the model can be quantized (Conv_0: the filters are not a constant float32 tensor).", error.Message);
    }

    [Fact]
    public void A_model_with_a_loop_quantizes_its_main_graph_and_leaves_the_body_float()
    {
        var outcome = StaticRun.Quantize(ExportedModels.WithLoop(), QuantizationMethodOptions.Dynamic, calibration: null, gate: Lenient);

        Assert.True(outcome.Verdict.Passed, string.Join("; ", outcome.Verdict.Failures));
        Assert.Equal(["MatMul_0"], outcome.Result.QuantizedNodes);
        var body = ModelProto.Parser.ParseFrom(outcome.QuantizedBytes).Graph.Node.Single(n => n.OpType == "Loop").Attribute.Single().G;
        Assert.Single(body.Node, n => n.OpType == "MatMul");
    }

    [Fact]
    public async Task Tensor_data_in_an_external_file_beside_the_model_is_embedded_and_quantized()
    {
        var model = ExportedModels.WithExternalData(TestMlp.Regressor([16, 32, 4]), _folder.Path, "weights.bin");
        var path = Path.Combine(_folder.Path, "model.onnx");
        OnnxModelWriter.WriteFile(model, path);

        var outcome = await ModelQuantization.QuantizeFileAsync(path, new DynamicQuantizationOptions(), new QualityGate(), calibration: null, CancellationToken.None);

        Assert.True(outcome.Verdict.Passed, string.Join("; ", outcome.Verdict.Failures));
        var written = ModelProto.Parser.ParseFrom(outcome.QuantizedBytes);
        Assert.DoesNotContain(OnnxGraphWalker.Tensors(written.Graph), t => t.DataLocation == TensorProto.Types.DataLocation.External);
    }

    [Fact]
    public async Task Tensor_data_in_a_missing_external_file_is_refused_by_tensor_and_file()
    {
        var model = ExportedModels.WithExternalData(TestMlp.Regressor([16, 32, 4]), _folder.Path, "weights.bin");
        var path = Path.Combine(_folder.Path, "model.onnx");
        OnnxModelWriter.WriteFile(model, path);
        File.Delete(Path.Combine(_folder.Path, "weights.bin"));

        var error = await Assert.ThrowsAsync<OnnxFormatException>(() => ModelQuantization.QuantizeFileAsync(path, new DynamicQuantizationOptions(), new QualityGate(), calibration: null, CancellationToken.None));

        Assert.Contains("'weights.bin', which is missing next to the model", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private static void AssertSameOutputs(ModelProto expected, ModelProto actual, OrtInput input, string output)
    {
        using var before = new OrtModel(OnnxModelWriter.ToBytes(expected));
        using var after = new OrtModel(OnnxModelWriter.ToBytes(actual));
        var a = (float[])before.Run(input)[output];
        var b = (float[])after.Run(input)[output];
        Assert.Equal(a.Length, b.Length);
        Assert.All(a.Zip(b), pair => Assert.Equal(pair.First, pair.Second, 1e-4f));
    }
}
