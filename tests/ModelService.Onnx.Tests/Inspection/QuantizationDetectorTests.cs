using ModelService.Onnx.Building;
using ModelService.Onnx.Inspection;
using ModelService.Onnx.Protobuf;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Tests.Inspection;

public sealed class QuantizationDetectorTests
{
    [Theory]
    [InlineData(QuantizationKind.None, "MatMul")]
    [InlineData(QuantizationKind.DynamicInt8, "DynamicQuantizeLinear", "MatMulInteger", "Cast", "Mul")]
    [InlineData(QuantizationKind.DynamicInt8, "DynamicQuantizeLinear", "ConvInteger")]
    [InlineData(QuantizationKind.StaticQdq, "QuantizeLinear", "DequantizeLinear", "MatMul")]
    [InlineData(QuantizationKind.StaticQdq, "DequantizeLinear", "MatMul")]
    [InlineData(QuantizationKind.QOperator, "QuantizeLinear", "QLinearMatMul", "DequantizeLinear")]
    [InlineData(QuantizationKind.WeightOnly4Bit, "MatMulNBits")]
    [InlineData(QuantizationKind.Mixed, "MatMulNBits", "DynamicQuantizeLinear", "MatMulInteger")]
    public void Detector_names_the_scheme_from_the_operators_used(QuantizationKind expected, params string[] operators) =>
        Assert.Equal(expected, QuantizationDetector.Detect(ModelWith(operators)));

    [Fact]
    public void Detector_looks_inside_subgraphs()
    {
        var branch = ModelWith("DynamicQuantizeLinear", "MatMulInteger").Graph;
        var model = ModelWith("Identity");
        model.Graph.Node.Add(new NodeProto { OpType = "If", Attribute = { OnnxAttribute.Int("unused", 0), new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = branch } } });

        Assert.Equal(QuantizationKind.DynamicInt8, QuantizationDetector.Detect(model));
    }

    [Fact]
    public void Detector_calls_a_model_with_mostly_half_precision_weights_float16()
    {
        var model = ModelWith("MatMul");
        model.Graph.Initializer.Add(OnnxTensors.Create<ushort>("w1", DataType.Float16, [0x3C00], 1));
        model.Graph.Initializer.Add(OnnxTensors.Create<ushort>("w2", DataType.Float16, [0x3C00], 1));
        model.Graph.Initializer.Add(OnnxTensors.Float("w3", [1f], 1));

        Assert.Equal(QuantizationKind.Float16, QuantizationDetector.Detect(model));
    }

    private static ModelProto ModelWith(params string[] operators)
    {
        var builder = new OnnxGraphBuilder("ops").Input("x", DataType.Float, 1).Output("y", DataType.Float, 1);
        foreach (var op in operators)
        {
            builder.Node(op, ["x"], ["y"]);
        }

        return builder.Build();
    }
}
