using Google.Protobuf;
using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Tests.Support;

/// <summary>
/// Models in the shapes other exporters write, built with the library's graph builder: weights in Constant nodes
/// (paddle2onnx at opset 9), initializers listed as graph inputs (IR 3), old-opset operators whose attributes later
/// became inputs, an If node, tensor data in an external file.
/// </summary>
public static class ExportedModels
{
    /// <summary>
    /// paddle2onnx style, opset 9, no initializers: image [batch, 3, 16, 16] → (Conv → BatchNormalization → Relu →
    /// MaxPool) × 2 → GlobalAveragePool → Flatten → MatMul + Add → Softmax(axis 1) → "probabilities" [batch, 10].
    /// </summary>
    public static ModelProto PaddleStyleClassifier(int seed = 7)
    {
        var random = new Random(seed);
        var graph = new OnnxGraphBuilder("paddle").Opset(string.Empty, 9)
            .Input("image", DataType.Float, "batch", 3, 16, 16)
            .Output("probabilities", DataType.Float, "batch", 10);
        var current = "image";
        var channels = 3;
        foreach (var (filters, index) in new[] { 16, 32 }.Select((f, i) => (f, i)))
        {
            var limit = MathF.Sqrt(6f / ((channels + filters) * 9));
            Constant(graph, $"conv{index}_w", Uniform(random, filters * channels * 9, limit), filters, channels, 3, 3);
            Constant(graph, $"bn{index}_scale", Around(random, filters, 1f, 0.3f), filters);
            Constant(graph, $"bn{index}_bias", Uniform(random, filters, 0.2f), filters);
            Constant(graph, $"bn{index}_mean", Uniform(random, filters, 0.3f), filters);
            Constant(graph, $"bn{index}_var", Around(random, filters, 1f, 0.5f), filters);
            graph.Node("Conv", [current, $"conv{index}_w"], [$"conv{index}"], OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("pads", 1, 1, 1, 1))
                .Node("BatchNormalization", [$"conv{index}", $"bn{index}_scale", $"bn{index}_bias", $"bn{index}_mean", $"bn{index}_var"], [$"bn{index}"], OnnxAttribute.Float("epsilon", 1e-5f))
                .Node("Relu", [$"bn{index}"], [$"relu{index}"])
                .Node("MaxPool", [$"relu{index}"], [$"pool{index}"], OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2));
            current = $"pool{index}";
            channels = filters;
        }

        Constant(graph, "fc_w", Uniform(random, channels * 10, MathF.Sqrt(6f / (channels + 10))), channels, 10);
        Constant(graph, "fc_b", Uniform(random, 10, 0.1f), 10);
        return graph
            .Node("GlobalAveragePool", [current], ["pooled"])
            .Node("Flatten", ["pooled"], ["features"], OnnxAttribute.Int("axis", 1))
            .Node("MatMul", ["features", "fc_w"], ["fc"])
            .Node("Add", ["fc", "fc_b"], ["logits"])
            .Node("Softmax", ["logits"], ["probabilities"], OnnxAttribute.Int("axis", 1))
            .Build(producerName: "PaddlePaddle", irVersion: 4);
    }

    /// <summary>IR 3 / opset 8: every initializer is also a graph input, as exporters wrote before IR 4.</summary>
    public static ModelProto InitializersAsInputs()
    {
        var model = TestMlp.Regressor([16, 32, 4]);
        model.IrVersion = 3;
        model.OpsetImport.Single(o => o.Domain.Length == 0).Version = 8;
        foreach (var tensor in model.Graph.Initializer)
        {
            model.Graph.Input.Add(new ValueInfoProto
            {
                Name = tensor.Name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = tensor.DataType, Shape = Shape(tensor.Dims) } },
            });
        }

        return model;
    }

    /// <summary>
    /// Opset 9 operators whose attributes became inputs or whose meaning changed by opset 13: x [2, 4, 6] → Clip → Unsqueeze →
    /// Squeeze → Pad → Slice → Dropout → MatMul → Softmax(axis 1, the old flatten-to-2-D meaning) → y [2, 4, 3].
    /// </summary>
    public static ModelProto OldOpsetOperators() =>
        new OnnxGraphBuilder("old").Opset(string.Empty, 9)
            .Input("x", DataType.Float, 2, 4, 6)
            .Output("y", DataType.Float, 2, 4, 3)
            .Initializer(OnnxTensors.Float("w", QuantizationRun.Uniform(3, 5 * 3), 5, 3))
            .Node("Clip", ["x"], ["clipped"], OnnxAttribute.Float("min", -0.5f), OnnxAttribute.Float("max", 0.6f))
            .Node("Unsqueeze", ["clipped"], ["expanded"], OnnxAttribute.Ints("axes", 0))
            .Node("Squeeze", ["expanded"], ["squeezed"], OnnxAttribute.Ints("axes", 0))
            .Node("Pad", ["squeezed"], ["padded"], OnnxAttribute.Ints("pads", 0, 0, 1, 0, 0, 1), OnnxAttribute.Float("value", 0.25f))
            .Node("Slice", ["padded"], ["sliced"], OnnxAttribute.Ints("starts", 1), OnnxAttribute.Ints("ends", 6), OnnxAttribute.Ints("axes", 2))
            .Node("Dropout", ["sliced"], ["dropped"], OnnxAttribute.Float("ratio", 0.3f))
            .Node("MatMul", ["dropped", "w"], ["scores"])
            .Node("Softmax", ["scores"], ["y"], OnnxAttribute.Int("axis", 1))
            .Build(irVersion: 4);

    /// <summary>Opset 9 Upsample, which became Resize with different coordinate rules: cannot be carried to opset 11.</summary>
    public static ModelProto WithUpsample() =>
        new OnnxGraphBuilder("upsample").Opset(string.Empty, 9)
            .Input("x", DataType.Float, 1, 2, 4, 4)
            .Output("y", DataType.Float, 1, 4, 8, 8)
            .Initializer(OnnxTensors.Float("scales", [1f, 1f, 2f, 2f], 4))
            .Initializer(OnnxTensors.Float("w", QuantizationRun.Uniform(4, 4 * 2 * 9), 4, 2, 3, 3))
            .Node("Conv", ["x", "w"], ["c"], OnnxAttribute.Ints("pads", 1, 1, 1, 1))
            .Node("Upsample", ["c", "scales"], ["y"], OnnxAttribute.String("mode", "nearest"))
            .Build(irVersion: 4);

    /// <summary>
    /// image → Conv → Relu → If(flag) { GlobalAveragePool(relu) } else { GlobalMaxPool(relu) } → Flatten → Gemm → logits:
    /// a subgraph reading an activation of the main graph.
    /// </summary>
    public static ModelProto WithIf()
    {
        static GraphProto Branch(string name, string pool)
        {
            var branch = new OnnxGraphBuilder(name).Output($"{name}_out", DataType.Float, "batch", 8, 1, 1)
                .Initializer(OnnxTensors.Float($"{name}_w", QuantizationRun.Uniform(9, 8 * 8), 8, 8, 1, 1))
                .Node(pool, ["relu"], [$"{name}_pooled"])
                .Node("Conv", [$"{name}_pooled", $"{name}_w"], [$"{name}_out"])
                .Build().Graph;
            return branch;
        }

        return new OnnxGraphBuilder("branching")
            .Input("image", DataType.Float, "batch", 3, 8, 8)
            .Input("flag", DataType.Bool)
            .Output("logits", DataType.Float, "batch", 5)
            .Initializer(OnnxTensors.Float("conv.weight", QuantizationRun.Uniform(5, 8 * 3 * 9, -0.3f, 0.3f), 8, 3, 3, 3))
            .Initializer(OnnxTensors.Float("fc.weight", QuantizationRun.Uniform(6, 5 * 8, -0.5f, 0.5f), 5, 8))
            .Node("Conv", ["image", "conv.weight"], ["conv"], OnnxAttribute.Ints("pads", 1, 1, 1, 1))
            .Node("Relu", ["conv"], ["relu"])
            .Node("If", ["flag"], ["branch"], OnnxAttribute.Graph("then_branch", Branch("then", "GlobalAveragePool")), OnnxAttribute.Graph("else_branch", Branch("else", "GlobalMaxPool")))
            .Node("Flatten", ["branch"], ["features"], OnnxAttribute.Int("axis", 1))
            .Node("Gemm", ["features", "fc.weight"], ["logits"], OnnxAttribute.Int("transB", 1))
            .Build();
    }

    /// <summary>input [batch, 8] → MatMul → Loop (2 iterations of MatMul → Relu on the carried value) → "output" [batch, 8].</summary>
    public static ModelProto WithLoop()
    {
        var body = new OnnxGraphBuilder("body")
            .Input("iteration", DataType.Int64)
            .Input("condition", DataType.Bool)
            .Input("carried", DataType.Float, "batch", 8)
            .Output("condition_out", DataType.Bool)
            .Output("carried_out", DataType.Float, "batch", 8)
            .Initializer(OnnxTensors.Float("body.weight", QuantizationRun.Uniform(8, 8 * 8, -0.5f, 0.5f), 8, 8))
            .Node("Identity", ["condition"], ["condition_out"])
            .Node("MatMul", ["carried", "body.weight"], ["body_product"])
            .Node("Relu", ["body_product"], ["carried_out"])
            .Build().Graph;
        return new OnnxGraphBuilder("looping")
            .Input("input", DataType.Float, "batch", 8)
            .Output("output", DataType.Float, "batch", 8)
            .Initializer(OnnxTensors.Float("weight", QuantizationRun.Uniform(7, 8 * 8, -0.5f, 0.5f), 8, 8))
            .Initializer(OnnxTensors.Int64("trips", [2]))
            .Node("MatMul", ["input", "weight"], ["hidden"])
            .Node("Loop", ["trips", string.Empty, "hidden"], ["output"], OnnxAttribute.Graph("body", body))
            .Build();
    }

    /// <summary>Moves every initializer's bytes into <paramref name="fileName"/> beside the model, as ONNX external data.</summary>
    public static ModelProto WithExternalData(ModelProto model, string folder, string fileName)
    {
        var external = model.Clone();
        using var file = File.Create(Path.Combine(folder, fileName));
        foreach (var tensor in external.Graph.Initializer)
        {
            var offset = file.Position;
            tensor.RawData.WriteTo(file);
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = fileName });
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            tensor.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = tensor.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            tensor.DataLocation = TensorProto.Types.DataLocation.External;
            tensor.RawData = ByteString.Empty;
        }

        return external;
    }

    private static void Constant(OnnxGraphBuilder graph, string name, float[] values, params long[] dims) =>
        graph.Node("Constant", [], [name], OnnxAttribute.Tensor("value", OnnxTensors.Float(name, values, dims)));

    private static float[] Uniform(Random random, int count, float limit) =>
        [.. Enumerable.Range(0, count).Select(_ => ((random.NextSingle() * 2f) - 1f) * limit)];

    private static float[] Around(Random random, int count, float center, float spread) =>
        [.. Uniform(random, count, spread).Select(v => center + v)];

    private static TensorShapeProto Shape(IEnumerable<long> dims)
    {
        var shape = new TensorShapeProto();
        shape.Dim.AddRange(dims.Select(d => new TensorShapeProto.Types.Dimension { DimValue = d }));
        return shape;
    }
}
