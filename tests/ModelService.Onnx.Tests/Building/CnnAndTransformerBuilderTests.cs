using ModelService.Onnx.Building;
using ModelService.Onnx.Inspection;
using ModelService.Onnx.Writing;
using ModelService.Onnx.Tests.Support;
using ModelService.Testing.Onnx;

namespace ModelService.Onnx.Tests.Building;

public class CnnAndTransformerBuilderTests
{
    [Fact]
    public void Cnn_runs_in_onnx_runtime_and_gives_one_row_of_logits_per_image()
    {
        var model = new CnnBuilder(1, 8, 8).ConvBlock(4).ConvBlock(6, maxPool: false).Classes(3).Build();
        using var session = new OrtModel(OnnxModelWriter.ToBytes(model));

        var logits = (float[])session.Run(OrtInput.Float("image", QuantizationRun.Uniform(1, 5 * 64, 0, 1), 5, 1, 8, 8))["logits"];

        Assert.Equal(5 * 3, logits.Length);
        Assert.All(logits, value => Assert.True(float.IsFinite(value)));
    }

    [Fact]
    public void Cnn_inspection_counts_convolution_and_classifier_parameters()
    {
        var inspection = ModelInspector.Inspect(new CnnBuilder(3, 16, 16).ConvBlock(8).ConvBlock(16).Classes(10).Build());

        // conv 3→8 (3×3) + bias, conv 8→16 (3×3) + bias, classifier 16→10 + bias.
        Assert.Equal((8 * 3 * 9) + 8 + (16 * 8 * 9) + 16 + (10 * 16) + 10, inspection.ParameterCount);
        Assert.Equal(2, inspection.OperatorCounts["ai.onnx.Conv"]);
        Assert.Equal(1, inspection.OperatorCounts["ai.onnx.GlobalAveragePool"]);
    }

    [Theory]
    [InlineData(TransformerActivation.Gelu)]
    [InlineData(TransformerActivation.Relu)]
    public void Transformer_block_normalizes_every_token(TransformerActivation activation)
    {
        const int width = 16;
        var model = new TransformerBlockBuilder(width, 32).Activation(activation).Classes(4).Build();
        using var session = new OrtModel(OnnxModelWriter.ToBytes(model));

        var outputs = session.Run(OrtInput.Float("tokens", QuantizationRun.Uniform(2, 2 * 5 * width), 2, 5, width));
        var hidden = (float[])outputs["hidden"];

        Assert.Equal(2 * 5 * width, hidden.Length);
        Assert.Equal(2 * 4, ((float[])outputs["logits"]).Length);

        // The block ends in LayerNormalization with gamma ≈ 1 and beta ≈ 0: each token's mean is near 0.
        for (var token = 0; token < 10; token++)
        {
            Assert.InRange(hidden.AsSpan(token * width, width).ToArray().Average(), -0.1, 0.1);
        }
    }

    [Fact]
    public void Transformer_dimensions_are_symbolic_for_batch_and_sequence()
    {
        var input = Assert.Single(ModelInspector.Inspect(new TransformerBlockBuilder(8, 16).Build()).Inputs);
        Assert.Equal("tokens: float[batch,sequence,8]", input.ToString());
    }
}
