using ModelService.Onnx.Building;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ModelService.Trainer.Learning;

/// <summary>Linear layers with ReLU between them, and the way back out to ONNX-ready <see cref="DenseLayer"/>s.</summary>
public sealed class MlpNetwork : IDisposable
{
    private readonly List<Linear> _linears = [];

    public MlpNetwork(int inputs, IReadOnlyList<int> hidden, int outputs, Device device)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>();
        var width = inputs;
        foreach (var size in hidden.Append(outputs))
        {
            var linear = nn.Linear(width, size);
            _linears.Add(linear);
            modules.Add(($"linear{_linears.Count}", linear));
            if (_linears.Count <= hidden.Count)
            {
                modules.Add(($"relu{_linears.Count}", nn.ReLU()));
            }

            width = size;
        }

        Model = nn.Sequential(modules);
        Model.to(device);
    }

    public Sequential Model { get; }

    /// <summary>
    /// The layers as ONNX Gemm takes them (W as [in, out]); the last layer's outputs are mapped through
    /// y = z·<paramref name="outputScale"/> + <paramref name="outputShift"/>, which folds a standardized target back.
    /// </summary>
    public IReadOnlyList<DenseLayer> ExportLayers(float outputScale = 1f, float outputShift = 0f)
    {
        var layers = new List<DenseLayer>();
        for (var i = 0; i < _linears.Count; i++)
        {
            var last = i == _linears.Count - 1;
            var weights = Values(_linears[i].weight!.t());
            var bias = Values(_linears[i].bias!);
            if (last)
            {
                weights = weights.Select(w => w * outputScale).ToArray();
                bias = bias.Select(b => (b * outputScale) + outputShift).ToArray();
            }

            layers.Add(new DenseLayer((int)_linears[i].in_features, (int)_linears[i].out_features, weights, bias, last ? Activation.None : Activation.Relu));
        }

        return layers;
    }

    public void Dispose() => Model.Dispose();

    private static float[] Values(Tensor tensor)
    {
        using var copy = tensor.detach().cpu().contiguous();
        return copy.data<float>().ToArray();
    }
}
