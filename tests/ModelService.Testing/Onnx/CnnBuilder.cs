using ModelService.Onnx.Building;
using ModelService.Onnx.Protobuf;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Testing.Onnx;

/// <summary>
/// Builds a small image classifier: input "image" [batch, C, H, W] → (Conv 3×3 same-padding → Relu → optional
/// MaxPool 2×2)* → GlobalAveragePool → Flatten → Gemm (weights [classes, features], transB = 1, as PyTorch
/// exports nn.Linear) → output "logits" [batch, classes]. Weights are seeded random.
/// </summary>
public sealed class CnnBuilder
{
    private readonly int _channels;
    private readonly int _height;
    private readonly int _width;
    private readonly List<(int Filters, bool Pool)> _blocks = [];
    private int _classes = 10;
    private int _seed = 1;

    public CnnBuilder(int channels, int height, int width)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        (_channels, _height, _width) = (channels, height, width);
    }

    public CnnBuilder ConvBlock(int filters, bool maxPool = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(filters);
        _blocks.Add((filters, maxPool));
        return this;
    }

    public CnnBuilder Classes(int classes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(classes);
        _classes = classes;
        return this;
    }

    public CnnBuilder Seed(int seed)
    {
        _seed = seed;
        return this;
    }

    public ModelProto Build()
    {
        if (_blocks.Count == 0)
        {
            throw new InvalidOperationException("A CNN needs at least one convolution block.");
        }

        var random = new Random(_seed);
        var graph = new OnnxGraphBuilder("cnn")
            .Input("image", DataType.Float, "batch", _channels, _height, _width)
            .Output("logits", DataType.Float, "batch", _classes);
        var current = "image";
        var channels = _channels;
        for (var index = 0; index < _blocks.Count; index++)
        {
            var (filters, pool) = _blocks[index];
            var weight = $"conv{index}.weight";
            var bias = $"conv{index}.bias";
            graph.Initializer(OnnxTensors.Float(weight, SeededValues.GlorotUniform(random, filters * channels * 9, channels * 9, filters * 9), filters, channels, 3, 3))
                .Initializer(OnnxTensors.Float(bias, SeededValues.Uniform(random, filters, 0.1f), filters))
                .Node("Conv", [current, weight, bias], [$"conv{index}"], OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("pads", 1, 1, 1, 1))
                .Node("Relu", [$"conv{index}"], [$"conv{index}.relu"]);
            current = $"conv{index}.relu";
            if (pool)
            {
                graph.Node("MaxPool", [current], [$"pool{index}"], OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2));
                current = $"pool{index}";
            }

            channels = filters;
        }

        return graph
            .Node("GlobalAveragePool", [current], ["pooled"])
            .Node("Flatten", ["pooled"], ["features"], OnnxAttribute.Int("axis", 1))
            .Initializer(OnnxTensors.Float("classifier.weight", SeededValues.GlorotUniform(random, _classes * channels, channels, _classes), _classes, channels))
            .Initializer(OnnxTensors.Float("classifier.bias", SeededValues.Uniform(random, _classes, 0.1f), _classes))
            .Node("Gemm", ["features", "classifier.weight", "classifier.bias"], ["logits"], OnnxAttribute.Int("transB", 1))
            .Build();
    }
}
