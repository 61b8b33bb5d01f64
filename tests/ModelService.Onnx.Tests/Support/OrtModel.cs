using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace ModelService.Onnx.Tests.Support;

/// <summary>Runs a model in ONNX Runtime and hands back every output as a plain array.</summary>
public sealed class OrtModel : IDisposable
{
    private readonly InferenceSession _session;

    public OrtModel(byte[] model) => _session = new InferenceSession(model);

    public OrtModel(string path) => _session = new InferenceSession(path);

    public IReadOnlyList<string> InputNames => [.. _session.InputMetadata.Keys];

    public IReadOnlyList<string> OutputNames => [.. _session.OutputMetadata.Keys];

    public IReadOnlyDictionary<string, Array> Run(params OrtInput[] inputs)
    {
        var values = inputs.Select(Create).ToList();
        try
        {
            using var runOptions = new RunOptions();
            using var outputs = _session.Run(runOptions, inputs.Select(i => i.Name).ToList(), values, OutputNames);
            return OutputNames.Zip(outputs).ToDictionary(pair => pair.First, pair => Read(pair.Second));
        }
        finally
        {
            values.ForEach(value => value.Dispose());
        }
    }

    public void Dispose() => _session.Dispose();

    private static OrtValue Create(OrtInput input) => input.Data switch
    {
        float[] floats => OrtValue.CreateTensorValueFromMemory(floats, input.Shape),
        long[] longs => OrtValue.CreateTensorValueFromMemory(longs, input.Shape),
        _ => throw new NotSupportedException(input.Data.GetType().Name),
    };

    private static Array Read(OrtValue value) => value.GetTensorTypeAndShape().ElementDataType switch
    {
        TensorElementType.Float => value.GetTensorDataAsSpan<float>().ToArray(),
        TensorElementType.Int64 => value.GetTensorDataAsSpan<long>().ToArray(),
        TensorElementType.Bool => value.GetTensorDataAsSpan<bool>().ToArray(),
        var other => throw new NotSupportedException(other.ToString()),
    };
}
