using Azure.Storage.Blobs;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Caching;
using ModelService.Core.Registry;
using ModelService.Testing;

namespace ModelService.Benchmarks;

/// <summary>
/// The cold path, blob to ready session, against a raw download plus session create of the same blob. Each
/// iteration starts from an empty cache and an empty disk tier, as a freshly started instance does.
/// </summary>
[WarmupCount(2)]
[IterationCount(20)]
[InvocationCount(1)]
public class ColdLoadBenchmarks
{
    private BenchmarkEnvironment _environment = null!;
    private ModelManifest _manifest = null!;
    private BlobClient _blob = null!;
    private TemporaryDirectory _disk = null!;
    private ServiceProvider _fresh = null!;
    private ModelSessionCache _cache = null!;

    /// <summary>The iris sample (a few KiB) and a wide synthetic model of about 8 MiB.</summary>
    [Params("iris-mlp", "wide-8mib")]
    public string Model { get; set; } = "iris-mlp";

    [GlobalSetup]
    public void Setup()
    {
        _environment = new BenchmarkEnvironment();
        _manifest = _environment.PublishAsync(Model, ModelFile()).GetAwaiter().GetResult();
    }

    /// <summary>
    /// Both sides start like a new instance: fresh storage clients (so a new connection), an empty cache and an
    /// empty disk tier. Building the services is start-up work, not the cold path, so it happens here.
    /// </summary>
    [IterationSetup]
    public void StartFresh()
    {
        _blob = new BlobContainerClient(_environment.ConnectionString, _environment.ContainerName).GetBlobClient($"{Model}/1/model.onnx");
        _disk = new TemporaryDirectory();
        _fresh = _environment.Build(_environment.ContainerName, _disk.Path);
        _cache = _fresh.GetRequiredService<ModelSessionCache>();
    }

    [IterationCleanup]
    public void Stop()
    {
        _fresh.Dispose();
        _disk.Dispose();
    }

    [Benchmark(Baseline = true, Description = "raw: download + new InferenceSession")]
    public int RawDownloadAndCreate()
    {
        var bytes = _blob.DownloadContent().Value.Content.ToArray();
        using var session = new InferenceSession(bytes);
        return session.InputMetadata.Count;
    }

    [Benchmark(Description = "cache: AcquireAsync on a cold instance")]
    public int CacheAcquire()
    {
        using var lease = _cache.AcquireAsync(_manifest, CancellationToken.None).GetAwaiter().GetResult();
        return lease.Session.InputMetadata.Count;
    }

    [GlobalCleanup]
    public void Cleanup() => _environment.Dispose();

    private string ModelFile()
    {
        if (Model != "wide-8mib")
        {
            return RepositoryPaths.Combine("models", $"{Model}.onnx");
        }

        var path = Path.Combine(Path.GetTempPath(), "modelsvc-bench-wide-8mib.onnx");
        File.WriteAllBytes(path, TestModels.AddBias(2 * 1024 * 1024));
        return path;
    }
}
