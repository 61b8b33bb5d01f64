using Azure.Storage.Blobs;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Caching;
using ModelService.Core.Errors;
using ModelService.Core.Registry;
using ModelService.Testing;

namespace ModelService.Core.Tests.Caching;

[Collection(AzuriteCollection.Name)]
public sealed class ModelSessionCacheTests : IDisposable
{
    private const int Width = 256;
    private readonly AzuriteFixture _azurite;
    private readonly List<CoreTestServices> _services = [];

    public ModelSessionCacheTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    [Fact]
    public async Task Concurrent_cold_calls_share_one_download_and_one_session()
    {
        var services = Services();
        var manifest = await CacheTestModels.PublishAsync(services.Get<IModelRegistry>(), Width);
        var cache = services.Get<ModelSessionCache>();

        var leases = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => cache.AcquireAsync(manifest, CancellationToken.None))));

        Assert.Single(leases.Select(l => l.Session).Distinct());
        Assert.Equal(1, cache.Statistics.Downloads);
        Assert.Equal(1, cache.Statistics.SessionsCreated);
        foreach (var lease in leases)
        {
            lease.Dispose();
        }
    }

    [Fact]
    public async Task The_least_recently_used_session_leaves_first_when_the_budget_is_full()
    {
        var registry = Services().Get<IModelRegistry>();
        var a = await CacheTestModels.PublishAsync(registry, Width, 1);
        var b = await CacheTestModels.PublishAsync(registry, Width, 2);
        var c = await CacheTestModels.PublishAsync(registry, Width, 3);
        var cache = Services(cacheBytes: a.SizeBytes + b.SizeBytes + (a.SizeBytes / 2), container: ContainerOf(0)).Get<ModelSessionCache>();

        await TouchAsync(cache, a);
        await TouchAsync(cache, b);
        await TouchAsync(cache, a);
        await TouchAsync(cache, c);

        Assert.True(cache.IsWarm(a));
        Assert.False(cache.IsWarm(b));
        Assert.True(cache.IsWarm(c));
        Assert.True(cache.CachedBytes <= a.SizeBytes + b.SizeBytes + (a.SizeBytes / 2));
    }

    [Fact]
    public async Task An_evicted_session_is_disposed_only_after_its_calls_finish()
    {
        var registry = Services().Get<IModelRegistry>();
        var a = await CacheTestModels.PublishAsync(registry, Width, 1);
        var b = await CacheTestModels.PublishAsync(registry, Width, 2);
        var cache = Services(cacheBytes: a.SizeBytes + (a.SizeBytes / 2), container: ContainerOf(0)).Get<ModelSessionCache>();
        var inFlight = await cache.AcquireAsync(a, CancellationToken.None);

        await TouchAsync(cache, b);
        await CacheTestModels.WaitUntilAsync(() => !cache.IsWarm(a));

        Assert.False(cache.IsWarm(a));
        Assert.Equal(0, cache.Statistics.SessionsDisposed);
        Assert.Equal(1f + 2f, RunFirstOutput(inFlight.Session, 2f));

        inFlight.Dispose();
        await CacheTestModels.WaitUntilAsync(() => cache.Statistics.SessionsDisposed == 1);
        Assert.Equal(1, cache.Statistics.SessionsDisposed);
    }

    [Fact]
    public async Task A_model_whose_bytes_do_not_match_its_manifest_is_refused_and_not_cached()
    {
        var services = Services();
        var manifest = await CacheTestModels.PublishAsync(services.Get<IModelRegistry>(), Width);
        var tampered = TestModels.AddBias(Width, offset: 42f);
        await new BlobContainerClient(_azurite.ConnectionString, services.ContainerName)
            .GetBlobClient($"{manifest.Name}/1/model.onnx").UploadAsync(BinaryData.FromBytes(tampered), overwrite: true);
        var cache = services.Get<ModelSessionCache>();

        for (var attempt = 0; attempt < 2; attempt++)
        {
            var error = await Assert.ThrowsAsync<ModelServiceException>(() => cache.AcquireAsync(manifest, CancellationToken.None));
            Assert.Equal(ErrorCode.IntegrityCheckFailed, error.Code);
        }

        Assert.False(cache.IsWarm(manifest));
        Assert.Equal(2, cache.Statistics.IntegrityFailures);
        Assert.Equal(0, cache.Statistics.SessionsCreated);
        Assert.Empty(Directory.GetFiles(services.DiskPath));
    }

    [Fact]
    public async Task A_restarted_instance_loads_from_its_disk_tier_without_downloading()
    {
        var first = Services();
        var manifest = await CacheTestModels.PublishAsync(first.Get<IModelRegistry>(), Width);
        await TouchAsync(first.Get<ModelSessionCache>(), manifest);
        var restarted = Services(diskPath: first.DiskPath, container: first.ContainerName).Get<ModelSessionCache>();

        await TouchAsync(restarted, manifest);

        Assert.Equal(1, first.Get<ModelSessionCache>().Statistics.Downloads);
        Assert.Equal(0, restarted.Statistics.Downloads);
        Assert.Equal(1, restarted.Statistics.DiskHits);
    }

    [Fact]
    public async Task A_corrupted_disk_copy_is_downloaded_again()
    {
        var first = Services();
        var manifest = await CacheTestModels.PublishAsync(first.Get<IModelRegistry>(), Width);
        await TouchAsync(first.Get<ModelSessionCache>(), manifest);
        File.WriteAllBytes(Path.Combine(first.DiskPath, manifest.Sha256 + ".onnx"), [1, 2, 3]);
        var restarted = Services(diskPath: first.DiskPath, container: first.ContainerName).Get<ModelSessionCache>();

        using var lease = await restarted.AcquireAsync(manifest, CancellationToken.None);

        Assert.Equal(1, restarted.Statistics.Downloads);
        Assert.Equal(0.5f + 1f, RunFirstOutput(lease.Session, 1f));
    }

    [Fact]
    public async Task A_model_larger_than_the_whole_budget_is_unavailable_with_a_clear_reason()
    {
        var registry = Services().Get<IModelRegistry>();
        var manifest = await CacheTestModels.PublishAsync(registry, Width);
        var cache = Services(cacheBytes: manifest.SizeBytes - 1, container: ContainerOf(0)).Get<ModelSessionCache>();

        var error = await Assert.ThrowsAsync<ModelServiceException>(() => cache.AcquireAsync(manifest, CancellationToken.None));

        Assert.Equal(ErrorCode.ModelUnavailable, error.Code);
        Assert.Contains("SizeLimitBytes", error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var services in _services)
        {
            services.Dispose();
        }
    }

    private static async Task TouchAsync(ModelSessionCache cache, ModelManifest manifest)
    {
        using var lease = await cache.AcquireAsync(manifest, CancellationToken.None);
    }

    /// <summary>Runs the AddBias model on a [1, Width] input of <paramref name="x"/> and returns y[0] (= x + bias[0]).</summary>
    private static float RunFirstOutput(InferenceSession session, float x)
    {
        using var input = OrtValue.CreateTensorValueFromMemory(Enumerable.Repeat(x, Width).ToArray(), [1, Width]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, ["x"], [input], ["y"]);
        return outputs[0].GetTensorDataAsSpan<float>()[0];
    }

    private string ContainerOf(int index) => _services[index].ContainerName;

    private CoreTestServices Services(long cacheBytes = 1L << 30, string? diskPath = null, string? container = null)
    {
        var services = new CoreTestServices(_azurite, cacheBytes, diskPath, container);
        _services.Add(services);
        return services;
    }
}
