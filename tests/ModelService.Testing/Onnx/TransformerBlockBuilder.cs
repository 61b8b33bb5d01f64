using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Testing.Onnx;

/// <summary>
/// Builds one post-norm transformer encoder block over "tokens" [batch, sequence, width]:
/// single-head self-attention (MatMul+Add projections for Q, K, V, Softmax(Q·Kᵀ/√width)·V, output projection),
/// residual Add and LayerNormalization, then a feed-forward MLP with Gelu or Relu, residual Add and
/// LayerNormalization again → "hidden". With <see cref="Classes"/>, the hidden states are averaged over the
/// sequence and projected to "logits" [batch, classes]. Weights are seeded random.
/// </summary>
public sealed class TransformerBlockBuilder
{
    private readonly int _width;
    private readonly int _feedForward;
    private TransformerActivation _activation = TransformerActivation.Gelu;
    private int _classes;
    private int _seed = 1;

    public TransformerBlockBuilder(int width, int feedForward)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(feedForward);
        (_width, _feedForward) = (width, feedForward);
    }

    public TransformerBlockBuilder Activation(TransformerActivation activation)
    {
        _activation = activation;
        return this;
    }

    public TransformerBlockBuilder Classes(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        _classes = classes;
        return this;
    }

    public TransformerBlockBuilder Seed(int seed)
    {
        _seed = seed;
        return this;
    }

    public ModelProto Build()
    {
        var random = new Random(_seed);
        var graph = new OnnxGraphBuilder("transformer_block")
            .Input("tokens", DataType.Float, "batch", "sequence", _width)
            .Output("hidden", DataType.Float, "batch", "sequence", _width);

        var q = Linear(graph, random, "attention.query", "tokens", _width, _width);
        var k = Linear(graph, random, "attention.key", "tokens", _width, _width);
        var v = Linear(graph, random, "attention.value", "tokens", _width, _width);
        graph.Initializer(OnnxTensors.Float("attention.scale", [1f / MathF.Sqrt(_width)]))
            .Node("Transpose", [k], ["attention.key_t"], OnnxAttribute.Ints("perm", 0, 2, 1))
            .Node("MatMul", [q, "attention.key_t"], ["attention.scores_raw"])
            .Node("Mul", ["attention.scores_raw", "attention.scale"], ["attention.scores"])
            .Node("Softmax", ["attention.scores"], ["attention.weights"], OnnxAttribute.Int("axis", -1))
            .Node("MatMul", ["attention.weights", v], ["attention.context"]);
        var attended = Linear(graph, random, "attention.output", "attention.context", _width, _width);
        graph.Node("Add", ["tokens", attended], ["attention.residual"]);
        var normalized = LayerNorm(graph, random, "attention.norm", "attention.residual");

        var expanded = Linear(graph, random, "mlp.expand", normalized, _width, _feedForward);
        var activated = _activation == TransformerActivation.Relu ? Relu(graph, expanded) : Gelu(graph, expanded);
        var contracted = Linear(graph, random, "mlp.contract", activated, _feedForward, _width);
        graph.Node("Add", [normalized, contracted], ["mlp.residual"]);
        var output = LayerNorm(graph, random, "mlp.norm", "mlp.residual");
        graph.Node("Identity", [output], ["hidden"]);

        if (_classes > 0)
        {
            graph.Output("logits", DataType.Float, "batch", _classes)
                .Node("ReduceMean", ["hidden"], ["pooled"], OnnxAttribute.Ints("axes", 1), OnnxAttribute.Int("keepdims", 0));
            var logits = Linear(graph, random, "classifier", "pooled", _width, _classes);
            graph.Node("Identity", [logits], ["logits"]);
        }

        return graph.Build();
    }

    private static string Linear(OnnxGraphBuilder graph, Random random, string name, string input, int inputs, int outputs)
    {
        graph.Initializer(OnnxTensors.Float($"{name}.weight", SeededValues.GlorotUniform(random, inputs * outputs, inputs, outputs), inputs, outputs))
            .Initializer(OnnxTensors.Float($"{name}.bias", SeededValues.Uniform(random, outputs, 0.05f), outputs))
            .Node("MatMul", [input, $"{name}.weight"], [$"{name}.matmul"])
            .Node("Add", [$"{name}.matmul", $"{name}.bias"], [name]);
        return name;
    }

    private string LayerNorm(OnnxGraphBuilder graph, Random random, string name, string input)
    {
        graph.Initializer(OnnxTensors.Float($"{name}.gamma", SeededValues.Around(random, _width, 1f, 0.1f), _width))
            .Initializer(OnnxTensors.Float($"{name}.beta", SeededValues.Uniform(random, _width, 0.05f), _width))
            .Node("LayerNormalization", [input, $"{name}.gamma", $"{name}.beta"], [name], OnnxAttribute.Int("axis", -1), OnnxAttribute.Float("epsilon", 1e-5f));
        return name;
    }

    private static string Relu(OnnxGraphBuilder graph, string input)
    {
        graph.Node("Relu", [input], [$"{input}.relu"]);
        return $"{input}.relu";
    }

    private static string Gelu(OnnxGraphBuilder graph, string input)
    {
        graph.Initializer(OnnxTensors.Float("gelu.sqrt2", [MathF.Sqrt(2f)]))
            .Initializer(OnnxTensors.Float("gelu.one", [1f]))
            .Initializer(OnnxTensors.Float("gelu.half", [0.5f]))
            .Node("Div", [input, "gelu.sqrt2"], [$"{input}.scaled"])
            .Node("Erf", [$"{input}.scaled"], [$"{input}.erf"])
            .Node("Add", [$"{input}.erf", "gelu.one"], [$"{input}.erf_plus_one"])
            .Node("Mul", [input, $"{input}.erf_plus_one"], [$"{input}.gated"])
            .Node("Mul", [$"{input}.gated", "gelu.half"], [$"{input}.gelu"]);
        return $"{input}.gelu";
    }
}
