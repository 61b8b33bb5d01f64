using ModelService.Onnx.Building;
using ModelService.Onnx.Inspection;
using ModelService.Onnx.Tests.Support;
using ModelService.Onnx.Protobuf;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Tests.Inspection;

public class ModelInspectorTests
{
    private static readonly int[] Widths = [5, 7, 3];

    [Fact]
    public void Inspector_counts_every_weight_and_bias()
    {
        var inspection = ModelInspector.Inspect(Mlp(LinearStyle.MatMulAdd));

        // Dense layers 5→7 and 7→3: each has inputs × units weights plus units biases, four bytes each.
        var expected = 0L;
        for (var i = 0; i + 1 < Widths.Length; i++)
        {
            expected += (Widths[i] * Widths[i + 1]) + Widths[i + 1];
        }

        Assert.Equal(expected, inspection.ParameterCount);
        Assert.Equal(expected * sizeof(float), inspection.InitializerBytes);
    }

    [Fact]
    public void Inspector_describes_inputs_and_outputs_with_symbolic_dimensions()
    {
        var inspection = ModelInspector.Inspect(Mlp(LinearStyle.Gemm));

        var input = Assert.Single(inspection.Inputs);
        Assert.Equal("input", input.Name);
        Assert.Equal("float", input.ElementType);
        Assert.Equal([new TensorDimension(null, "batch"), new TensorDimension(5, null)], input.Dimensions!);
        Assert.Equal(["probabilities", "label"], inspection.Outputs.Select(o => o.Name));
        Assert.Equal("int64", inspection.Outputs[1].ElementType);
        Assert.Equal("label: int64[batch]", inspection.Outputs[1].ToString());
    }

    [Fact]
    public void Inspector_counts_operators_by_domain_qualified_name()
    {
        var inspection = ModelInspector.Inspect(Mlp(LinearStyle.MatMulAdd));

        Assert.Equal(
            new Dictionary<string, int>
            {
                ["ai.onnx.Add"] = 2,
                ["ai.onnx.ArgMax"] = 1,
                ["ai.onnx.MatMul"] = 2,
                ["ai.onnx.Relu"] = 1,
                ["ai.onnx.Softmax"] = 1,
            },
            inspection.OperatorCounts);
    }

    [Fact]
    public void Inspector_reports_header_facts()
    {
        var model = Mlp(LinearStyle.Gemm);
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });

        var inspection = ModelInspector.Inspect(model);

        Assert.Equal(OnnxGraphBuilder.DefaultIrVersion, inspection.IrVersion);
        Assert.StartsWith("ModelService ", inspection.Producer, StringComparison.Ordinal);
        Assert.Equal(OnnxGraphBuilder.DefaultOpset, inspection.Opsets["ai.onnx"]);
        Assert.Equal(1, inspection.Opsets["com.microsoft"]);
        Assert.Equal(QuantizationKind.None, inspection.Quantization);
    }

    [Fact]
    public void Inspector_leaves_initializers_out_of_the_inputs_of_old_ir_files()
    {
        var model = Mlp(LinearStyle.Gemm);
        foreach (var initializer in model.Graph.Initializer)
        {
            model.Graph.Input.Add(new ValueInfoProto
            {
                Name = initializer.Name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float } },
            });
        }

        Assert.Single(ModelInspector.Inspect(model).Inputs);
    }

    [Fact]
    public void Inspector_counts_nodes_inside_subgraphs()
    {
        var branch = new GraphProto { Name = "then" };
        branch.Node.Add(new NodeProto { OpType = "Relu", Input = { "x" }, Output = { "y" } });
        var model = new OnnxGraphBuilder("if")
            .Input("cond", DataType.Bool)
            .Node("If", ["cond"], ["y"], OnnxAttribute.Graph("then_branch", branch), OnnxAttribute.Graph("else_branch", branch))
            .Build();

        var counts = ModelInspector.Inspect(model).OperatorCounts;

        Assert.Equal(1, counts["ai.onnx.If"]);
        Assert.Equal(2, counts["ai.onnx.Relu"]);
    }

    private static ModelProto Mlp(LinearStyle style) => TestMlp.Classifier(Widths, style);
}
