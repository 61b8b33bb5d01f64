using ModelService.Onnx.Protobuf;
using DataType = ModelService.Onnx.Protobuf.TensorProto.Types.DataType;

namespace ModelService.Onnx.Building;

/// <summary>
/// Builds a multi-layer perceptron as ONNX: optional input standardisation ((x - mean) / std), Gemm layers with
/// their activations, and either a raw output or a classifier head. The batch dimension is dynamic.
/// </summary>
public sealed class MlpBuilder
{
    private readonly List<DenseLayer> _layers = [];
    private float[]? _mean;
    private float[]? _std;
    private LinearStyle _style = LinearStyle.Gemm;

    public MlpBuilder(string inputName = "features")
    {
        InputName = inputName;
    }

    public string InputName { get; }

    public MlpBuilder Standardize(float[] mean, float[] std)
    {
        _mean = mean;
        _std = std;
        return this;
    }

    /// <summary>How each layer is written; Gemm (the default) is what the samples use.</summary>
    public MlpBuilder Style(LinearStyle style)
    {
        _style = style;
        return this;
    }

    public MlpBuilder Layer(DenseLayer layer)
    {
        if (_layers.Count > 0 && _layers[^1].Outputs != layer.Inputs)
        {
            throw new ArgumentException($"Layer takes {layer.Inputs} inputs but the previous one gives {_layers[^1].Outputs}.", nameof(layer));
        }

        _layers.Add(layer);
        return this;
    }

    /// <summary>A model whose single output (named <paramref name="outputName"/>) is the last layer's result.</summary>
    public ModelProto BuildRegressor(string graphName, string outputName = "output")
    {
        var builder = Start(graphName, out var last);
        builder.Node("Identity", [last], [outputName]).Output(outputName, DataType.Float, "batch", _layers[^1].Outputs);
        return builder.Build();
    }

    public ModelProto BuildClassifier(string graphName, ClassifierHead head)
    {
        ArgumentNullException.ThrowIfNull(head);
        var builder = Start(graphName, out var logits);
        var classes = _layers[^1].Outputs;
        if (head.ProbabilitiesName is { } probabilities)
        {
            builder.Node("Softmax", [logits], [probabilities], OnnxAttribute.Int("axis", -1))
                .Output(probabilities, DataType.Float, "batch", classes);
        }

        if (head.LabelName is { } label)
        {
            builder.Node("ArgMax", [logits], [label], OnnxAttribute.Int("axis", 1), OnnxAttribute.Int("keepdims", 0))
                .Output(label, DataType.Int64, "batch");
        }

        return builder.Build();
    }

    private OnnxGraphBuilder Start(string graphName, out string last)
    {
        if (_layers.Count == 0)
        {
            throw new InvalidOperationException("An MLP needs at least one layer.");
        }

        var builder = new OnnxGraphBuilder(graphName).Input(InputName, DataType.Float, "batch", _layers[0].Inputs);
        last = AddStandardization(builder);
        for (var i = 0; i < _layers.Count; i++)
        {
            last = AddLayer(builder, _layers[i], i, last, _style);
        }

        return builder;
    }

    private string AddStandardization(OnnxGraphBuilder builder)
    {
        if (_mean is null || _std is null)
        {
            return InputName;
        }

        builder.Initializer(OnnxTensors.Float("input_mean", _mean, _mean.Length))
            .Initializer(OnnxTensors.Float("input_std", _std, _std.Length))
            .Node("Sub", [InputName, "input_mean"], ["centered"])
            .Node("Div", ["centered", "input_std"], ["standardized"]);
        return "standardized";
    }

    private static string AddLayer(OnnxGraphBuilder builder, DenseLayer layer, int index, string input, LinearStyle style)
    {
        var (weights, bias, affine) = ($"layer{index}_weight", $"layer{index}_bias", $"layer{index}_affine");
        var stored = style == LinearStyle.GemmTransposed
            ? OnnxTensors.Float(weights, Transpose(layer.Weights, layer.Inputs, layer.Outputs), layer.Outputs, layer.Inputs)
            : OnnxTensors.Float(weights, layer.Weights, layer.Inputs, layer.Outputs);
        builder.Initializer(stored).Initializer(OnnxTensors.Float(bias, layer.Bias, layer.Outputs));
        _ = style switch
        {
            LinearStyle.GemmTransposed => builder.Node("Gemm", [input, weights, bias], [affine], OnnxAttribute.Int("transB", 1)),
            LinearStyle.MatMulAdd => builder.Node("MatMul", [input, weights], [$"layer{index}_product"]).Node("Add", [$"layer{index}_product", bias], [affine]),
            _ => builder.Node("Gemm", [input, weights, bias], [affine]),
        };
        if (layer.Activation == Activation.None)
        {
            return affine;
        }

        var activated = $"layer{index}_{layer.Activation.ToString().ToLowerInvariant()}";
        builder.Node(layer.Activation.ToString(), [affine], [activated]);
        return activated;
    }

    private static float[] Transpose(float[] values, int rows, int columns)
    {
        var result = new float[values.Length];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                result[(c * rows) + r] = values[(r * columns) + c];
            }
        }

        return result;
    }
}
