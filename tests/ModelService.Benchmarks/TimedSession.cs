using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Caching;

namespace ModelService.Benchmarks;

/// <summary>
/// One model's session and a fixed random input of its single input's shape: what a latency benchmark times is
/// <see cref="Run"/>, one InferenceSession.Run with the session options the service loads every model with
/// (<see cref="SessionOptionsSettings"/> defaults: all graph optimizations, one intra-op thread per core).
/// </summary>
internal sealed class TimedSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly float[] _input;
    private readonly long[] _shape;
    private readonly string _inputName;
    private readonly string[] _outputNames;

    public TimedSession(byte[] model, long[] shape)
    {
        using (var options = new SessionOptionsSettings().Create())
        {
            _session = new InferenceSession(model, options);
        }

        _inputName = _session.InputMetadata.Keys.Single();
        _outputNames = [.. _session.OutputMetadata.Keys];
        _shape = shape;
        var random = new Random(1);
        _input = [.. Enumerable.Range(0, (int)_shape.Aggregate(1L, (a, b) => a * b)).Select(_ => (random.NextSingle() * 2) - 1)];
    }

    public float Run()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(_input, _shape);
        using var outputs = _session.Run(_runOptions, [_inputName], [input], _outputNames);
        return outputs[^1].GetTensorDataAsSpan<float>()[0];
    }

    public void Dispose()
    {
        _runOptions.Dispose();
        _session.Dispose();
    }
}
