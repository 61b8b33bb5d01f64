using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Serving;
using ModelService.Testing;

namespace ModelService.Benchmarks;

/// <summary>
/// The warm in-process infer path (request JSON in, response JSON out, through resolution, the cache's lease,
/// validation and ONNX Runtime) against a raw InferenceSession.Run of the same model and input.
/// </summary>
[MemoryDiagnoser]
public class WarmInferenceBenchmarks
{
    private BenchmarkEnvironment _environment = null!;
    private ModelServing _serving = null!;
    private InferenceSession _rawSession = null!;
    private RunOptions _runOptions = null!;
    private byte[] _requestJson = null!;
    private float[] _features = null!;
    private long[] _shape = null!;
    private string _inputName = null!;
    private string[] _outputNames = null!;

    [Params("iris-mlp")]
    public string Model { get; set; } = "iris-mlp";

    [GlobalSetup]
    public void Setup()
    {
        var file = RepositoryPaths.Combine("models", $"{Model}.onnx");
        _environment = new BenchmarkEnvironment();
        _environment.PublishAsync(Model, file).GetAwaiter().GetResult();
        _serving = _environment.Services.GetRequiredService<ModelServing>();
        _requestJson = File.ReadAllBytes(RepositoryPaths.Combine("models", $"{Model}.request.json"));
        ReadFirstInput(_requestJson);
        _rawSession = new InferenceSession(file);
        _outputNames = [.. _rawSession.OutputMetadata.Keys];
        _runOptions = new RunOptions();
        ServedInfer();
    }

    [Benchmark(Baseline = true, Description = "raw InferenceSession.Run")]
    public float RawRun()
    {
        using var input = OrtValue.CreateTensorValueFromMemory(_features, _shape);
        using var outputs = _rawSession.Run(_runOptions, [_inputName], [input], _outputNames);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    [Benchmark(Description = "served: JSON -> ModelServing.InferAsync -> JSON")]
    public int ServedInfer()
    {
        using var result = _serving.InferAsync("bench", Model, null, _requestJson, CancellationToken.None).GetAwaiter().GetResult();
        return result.Response.ToArray().Length;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _runOptions.Dispose();
        _rawSession.Dispose();
        _environment.Dispose();
    }

    private void ReadFirstInput(byte[] json)
    {
        var input = JsonDocument.Parse(json).RootElement.GetProperty("inputs")[0];
        _inputName = input.GetProperty("name").GetString()!;
        _shape = [.. input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64())];
        _features = [.. Flatten(input.GetProperty("data")).Select(e => e.GetSingle())];
    }

    private static IEnumerable<JsonElement> Flatten(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.EnumerateArray().SelectMany(Flatten) : [element];
}
