using Xunit.Abstractions;
using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using ModelService.Onnx.Inspection;
using ModelService.Onnx.Quantization;
using ModelService.Onnx.Writing;
using ModelService.Onnx.Tests.Support;
using ModelService.Testing.Onnx;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Tests.Quantization;

public class DynamicQuantizerTests(ITestOutputHelper output)
{
    private const int Rows = 64;

    public static TheoryData<string, bool> Models()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in new[] { "mlp-gemm", "mlp-gemm-transposed", "mlp-matmul", "cnn", "transformer-gelu", "transformer-relu" })
        {
            data.Add(name, false);
            data.Add(name, true);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void Quantized_model_follows_the_float_model_in_onnx_runtime(string name, bool perChannel)
    {
        var (model, input, outputName, width) = Case(name);

        var result = DynamicQuantizer.Quantize(model, new DynamicQuantizationOptions { PerChannel = perChannel });
        var quality = QuantizationRun.Compare(model, result.Model, input, outputName, width);
        output.WriteLine($"{name} per-channel={perChannel}: {quality}");

        Assert.NotEmpty(result.QuantizedNodes);
        Assert.Equal(QuantizationKind.DynamicInt8, QuantizationDetector.Detect(result.Model));
        Assert.True(quality.CosineSimilarity >= 0.99, $"{name}: {quality}");
        Assert.True(quality.Top1Agreement >= 0.95, $"{name}: {quality}");
        Assert.True(new QualityGate { MinimumTop1Agreement = 0.95 }.Evaluate(quality).Passed, $"{name}: {quality}");
    }

    [Theory]
    [InlineData("mlp-gemm")]
    [InlineData("mlp-gemm-transposed")]
    [InlineData("mlp-matmul")]
    [InlineData("cnn")]
    public void Every_weighted_layer_of_a_plain_model_is_quantized(string name)
    {
        var model = Case(name).Model;

        var result = DynamicQuantizer.Quantize(model);

        Assert.Empty(result.SkippedNodes);
        var ops = result.Model.Graph.Node.Select(n => n.OpType).ToHashSet();
        Assert.DoesNotContain("Gemm", ops);
        Assert.DoesNotContain("Conv", ops);
        Assert.DoesNotContain("MatMul", ops);
        Assert.DoesNotContain(result.Model.Graph.Initializer, t => t.Name.EndsWith("weight", StringComparison.Ordinal));
    }

    [Fact]
    public void Attention_matmuls_between_activations_stay_float()
    {
        var model = Case("transformer-gelu").Model;

        var result = DynamicQuantizer.Quantize(model);

        // Q·Kᵀ and softmax·V multiply two activations: nothing constant to quantize.
        Assert.Equal(2, result.SkippedNodes.Count);
        Assert.All(result.SkippedNodes, skipped => Assert.Equal("MatMul", skipped.OperatorType));
        Assert.Equal(2, result.Model.Graph.Node.Count(n => n.OpType == "MatMul"));
        Assert.Equal(7, result.Model.Graph.Node.Count(n => n.OpType == "MatMulInteger"));
    }

    [Fact]
    public void Quantizer_leaves_excluded_nodes_in_float()
    {
        var model = TestMlp.Regressor([8, 16, 16, 4]);
        var gemms = model.Graph.Node.Where(n => n.OpType == "Gemm").Select(n => n.Name).ToList();
        var excluded = new HashSet<string>(StringComparer.Ordinal) { gemms[0], gemms[2] };

        var result = DynamicQuantizer.Quantize(model, new DynamicQuantizationOptions { ExcludedNodes = excluded });

        Assert.Equal([gemms[1]], result.QuantizedNodes);
        Assert.Equal(excluded.Order(), result.SkippedNodes.Select(s => s.Name).Order());
        Assert.All(result.SkippedNodes, s => Assert.Equal("excluded by name", s.Reason));
        Assert.Equal(excluded.Order(), result.Model.Graph.Node.Where(n => n.OpType == "Gemm").Select(n => n.Name).Order());
        Assert.Single(result.Model.Graph.Node, n => n.OpType == "MatMulInteger");
    }

    [Fact]
    public void Quantizer_honours_the_operator_type_selection()
    {
        var model = Case("cnn").Model;

        var result = DynamicQuantizer.Quantize(model, new DynamicQuantizationOptions { OperatorTypes = new HashSet<string> { "Gemm" } });

        Assert.Equal(2, result.Model.Graph.Node.Count(n => n.OpType == "Conv"));
        Assert.Single(result.Model.Graph.Node, n => n.OpType == "MatMulInteger");
    }

    [Fact]
    public void Quantized_file_is_much_smaller()
    {
        var model = TestMlp.Regressor([256, 512, 512, 10]);

        var original = OnnxModelWriter.ToBytes(model).Length;
        var quantized = OnnxModelWriter.ToBytes(DynamicQuantizer.Quantize(model).Model).Length;

        Assert.True(quantized < original * 0.3, $"{quantized} bytes against {original}");
    }

    [Fact]
    public void Quantizer_does_not_modify_its_input()
    {
        var model = Case("mlp-gemm").Model;
        var before = OnnxModelWriter.ToBytes(model);

        DynamicQuantizer.Quantize(model);

        Assert.Equal(before, OnnxModelWriter.ToBytes(model));
    }

    [Fact]
    public void Quantizer_raises_the_default_opset_to_11_and_keeps_other_imports()
    {
        var model = TestMlp.Regressor([8, 4]);
        model.OpsetImport.Single(o => o.Domain.Length == 0).Version = 10;
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "com.microsoft", Version = 1 });

        var quantized = DynamicQuantizer.Quantize(model).Model;

        Assert.Equal(11, quantized.OpsetImport.Single(o => o.Domain.Length == 0).Version);
        Assert.Equal(1, quantized.OpsetImport.Single(o => o.Domain == "com.microsoft").Version);
        using var session = new OrtModel(OnnxModelWriter.ToBytes(quantized));
    }

    [Fact]
    public void Quantizer_keeps_a_newer_default_opset()
    {
        var quantized = DynamicQuantizer.Quantize(Case("mlp-gemm").Model).Model;
        Assert.Equal(OnnxGraphBuilder.DefaultOpset, quantized.OpsetImport.Single(o => o.Domain.Length == 0).Version);
    }

    [Fact]
    public void Gemm_alpha_beta_and_transposed_weights_are_honoured()
    {
        var model = new OnnxGraphBuilder("gemm")
            .Input("x", DataType.Float, "batch", 12)
            .Output("y", DataType.Float, "batch", 6)
            .Initializer(OnnxTensors.Float("w", QuantizationRun.Uniform(1, 6 * 12), 6, 12))
            .Initializer(OnnxTensors.Float("c", QuantizationRun.Uniform(2, 6), 1, 6))
            .Node("Gemm", ["x", "w", "c"], ["y"], OnnxAttribute.Int("transB", 1), OnnxAttribute.Float("alpha", 0.5f), OnnxAttribute.Float("beta", 2f))
            .Build();

        var result = DynamicQuantizer.Quantize(model, new DynamicQuantizationOptions { PerChannel = true });
        var quality = QuantizationRun.Compare(model, result.Model, OrtInput.Float("x", QuantizationRun.Uniform(3, Rows * 12), Rows, 12), "y", 6);

        Assert.Single(result.QuantizedNodes);
        Assert.True(quality.CosineSimilarity >= 0.999, quality.ToString());
        Assert.True(quality.MaxAbsoluteError < 0.05, quality.ToString());
    }

    [Fact]
    public void Gemm_with_transposed_activation_stays_float()
    {
        var model = new OnnxGraphBuilder("gemm")
            .Input("x", DataType.Float, 4, 3)
            .Output("y", DataType.Float, 3, 2)
            .Initializer(OnnxTensors.Float("w", QuantizationRun.Uniform(1, 8), 4, 2))
            .Node("Gemm", ["x", "w"], ["y"], OnnxAttribute.Int("transA", 1))
            .Build();

        var result = DynamicQuantizer.Quantize(model);

        Assert.Empty(result.QuantizedNodes);
        Assert.Contains("transA", Assert.Single(result.SkippedNodes).Reason, StringComparison.Ordinal);
        Assert.Equal(model, result.Model);
    }

    [Fact]
    public void Weights_overridable_as_graph_inputs_are_not_quantized()
    {
        var model = TestMlp.Regressor([4, 3]);
        model.Graph.Input.Add(new ValueInfoProto { Name = "layer0_weight", Type = model.Graph.Input[0].Type });

        var result = DynamicQuantizer.Quantize(model);

        Assert.Empty(result.QuantizedNodes);
    }

    [Fact]
    public void Activation_read_by_several_layers_is_quantized_once()
    {
        var model = new OnnxGraphBuilder("fanout")
            .Input("x", DataType.Float, "batch", 8)
            .Output("a", DataType.Float, "batch", 4)
            .Output("b", DataType.Float, "batch", 4)
            .Initializer(OnnxTensors.Float("wa", QuantizationRun.Uniform(1, 32), 8, 4))
            .Initializer(OnnxTensors.Float("wb", QuantizationRun.Uniform(2, 32), 8, 4))
            .Node("MatMul", ["x", "wa"], ["a"])
            .Node("MatMul", ["x", "wb"], ["b"])
            .Build();

        var result = DynamicQuantizer.Quantize(model);

        Assert.Single(result.Model.Graph.Node, n => n.OpType == "DynamicQuantizeLinear");
        var quality = QuantizationRun.Compare(model, result.Model, OrtInput.Float("x", QuantizationRun.Uniform(3, Rows * 8), Rows, 8), "b", 4);
        Assert.True(quality.CosineSimilarity >= 0.999, quality.ToString());
    }

    [Fact]
    public void Wide_matmuls_become_4bit_matmul_nbits_when_asked()
    {
        var model = TestMlp.Regressor([96, 128, 64, 10], LinearStyle.MatMulAdd);

        var result = DynamicQuantizer.Quantize(model, new DynamicQuantizationOptions { WeightOnly4Bit = true });
        var quality = QuantizationRun.Compare(model, result.Model, OrtInput.Float("input", QuantizationRun.Uniform(4, Rows * 96), Rows, 96), "output", 10);
        output.WriteLine($"4-bit: {quality}");

        Assert.Equal(3, result.Model.Graph.Node.Count(n => n.OpType == "MatMulNBits" && n.Domain == "com.microsoft"));
        Assert.Contains(result.Model.OpsetImport, o => o.Domain == "com.microsoft");
        Assert.Equal(QuantizationKind.WeightOnly4Bit, QuantizationDetector.Detect(result.Model));
        Assert.True(quality.CosineSimilarity >= 0.99, quality.ToString());

        // Sixteen levels per block move the near-tied logits of an untrained network often enough that top-1
        // agreement is lower than with int8; the layout test below checks the arithmetic exactly.
        Assert.True(quality.Top1Agreement >= 0.75, quality.ToString());
    }

    [Fact]
    public void MatMulNBits_weights_decode_to_the_original_within_half_a_step_and_run_exactly()
    {
        const int k = 80; // not a multiple of the block size: the last block is padded
        const int n = 5;
        var weights = QuantizationRun.Uniform(11, k * n);
        var model = new OnnxGraphBuilder("nbits")
            .Input("x", DataType.Float, "batch", k)
            .Output("y", DataType.Float, "batch", n)
            .Initializer(OnnxTensors.Float("w", weights, k, n))
            .Node("MatMul", ["x", "w"], ["y"])
            .Build();

        var quantized = DynamicQuantizer.Quantize(model, new DynamicQuantizationOptions { WeightOnly4Bit = true }).Model;
        var decoded = DecodeMatMulNBits(quantized, k, n, out var scales);

        for (var i = 0; i < weights.Length; i++)
        {
            var column = i % n;
            var block = i / n / 32;
            Assert.True(Math.Abs(weights[i] - decoded[i]) <= (scales[(column * 3) + block] / 2) + 1e-6, $"weight {i}");
        }

        var x = QuantizationRun.Uniform(12, 4 * k);
        using var session = new OrtModel(OnnxModelWriter.ToBytes(quantized));
        var actual = (float[])session.Run(OrtInput.Float("x", x, 4, k))["y"];
        for (var row = 0; row < 4; row++)
        {
            for (var column = 0; column < n; column++)
            {
                var expected = 0.0;
                for (var i = 0; i < k; i++)
                {
                    expected += x[(row * k) + i] * (double)decoded[(i * n) + column];
                }

                Assert.Equal(expected, actual[(row * n) + column], 3);
            }
        }
    }

    /// <summary>Decodes MatMulNBits initializers as the contrib operator documents them, independently of the quantizer.</summary>
    private static float[] DecodeMatMulNBits(ModelProto model, int k, int n, out float[] scales)
    {
        var node = Assert.Single(model.Graph.Node, x => x.OpType == "MatMulNBits");
        var tensors = model.Graph.Initializer.ToDictionary(t => t.Name);
        var packed = tensors[node.Input[1]].RawData.ToByteArray();
        scales = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(tensors[node.Input[2]].RawData.ToByteArray()).ToArray();
        var zeroPoints = tensors[node.Input[3]].RawData.ToByteArray();
        var blocks = (k + 31) / 32;
        Assert.Equal([n, blocks, 16], tensors[node.Input[1]].Dims);

        var decoded = new float[k * n];
        for (var column = 0; column < n; column++)
        {
            for (var i = 0; i < k; i++)
            {
                var block = i / 32;
                var code = (packed[(((column * blocks) + block) * 16) + (i % 32 / 2)] >> (i % 2 * 4)) & 0xF;
                var zero = (zeroPoints[(column * ((blocks + 1) / 2)) + (block / 2)] >> (block % 2 * 4)) & 0xF;
                decoded[(i * n) + column] = (code - zero) * scales[(column * blocks) + block];
            }
        }

        return decoded;
    }

    [Fact]
    public void Narrow_matmuls_fall_back_to_int8_in_4bit_mode()
    {
        var model = TestMlp.Regressor([32, 64, 10], LinearStyle.MatMulAdd);

        var result = DynamicQuantizer.Quantize(model, new DynamicQuantizationOptions { WeightOnly4Bit = true });
        var quality = QuantizationRun.Compare(model, result.Model, OrtInput.Float("input", QuantizationRun.Uniform(4, Rows * 32), Rows, 32), "output", 10);

        // K = 32 for the first layer (int8), K = 64 for the second (4-bit).
        Assert.Single(result.Model.Graph.Node, n => n.OpType == "MatMulInteger");
        Assert.Single(result.Model.Graph.Node, n => n.OpType == "MatMulNBits");
        Assert.Equal(QuantizationKind.Mixed, QuantizationDetector.Detect(result.Model));
        Assert.True(quality.CosineSimilarity >= 0.99, quality.ToString());
    }

    internal static (ModelProto Model, OrtInput Input, string Output, int Width) Case(string name) => name switch
    {
        "mlp-gemm" => Mlp(LinearStyle.Gemm),
        "mlp-gemm-transposed" => Mlp(LinearStyle.GemmTransposed),
        "mlp-matmul" => Mlp(LinearStyle.MatMulAdd),
        "cnn" => (
            new CnnBuilder(3, 16, 16).ConvBlock(8).ConvBlock(16).Classes(10).Seed(2).Build(),
            OrtInput.Float("image", QuantizationRun.Uniform(9, Rows * 3 * 16 * 16, 0f, 1f), Rows, 3, 16, 16),
            "logits",
            10),
        "transformer-gelu" => Transformer(TransformerActivation.Gelu),
        "transformer-relu" => Transformer(TransformerActivation.Relu),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, null),
    };

    private static (ModelProto, OrtInput, string, int) Mlp(LinearStyle style) => (
        TestMlp.Regressor([20, 64, 64, 10], style, seed: 3, hidden: Activation.Tanh),
        OrtInput.Float("input", QuantizationRun.Uniform(7, Rows * 20), Rows, 20),
        "output",
        10);

    private static (ModelProto, OrtInput, string, int) Transformer(TransformerActivation activation) => (
        new TransformerBlockBuilder(32, 64).Activation(activation).Classes(5).Seed(4).Build(),
        OrtInput.Float("tokens", QuantizationRun.Uniform(8, Rows * 6 * 32), Rows, 6, 32),
        "logits",
        5);
}
