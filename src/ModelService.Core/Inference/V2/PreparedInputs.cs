using Microsoft.ML.OnnxRuntime;

namespace ModelService.Core.Inference.V2;

/// <summary>The checked inputs of one call as ONNX Runtime values, in the order the session is given them.</summary>
internal sealed class PreparedInputs : IDisposable
{
    private readonly List<OrtValue> _values = [];
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    public IReadOnlyList<OrtValue> Values => _values;

    public void Add(string name, OrtValue value)
    {
        _names.Add(name);
        _values.Add(value);
    }

    public void Dispose()
    {
        foreach (var value in _values)
        {
            value.Dispose();
        }
    }
}
