using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core.Billing;
using ModelService.Core.Inference;
using ModelService.Core.Quotas;
using ModelService.Core.Registry;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;
using ModelService.Testing;

namespace ModelService.Benchmarks;

/// <summary>
/// What auth and metering add to the warm in-process infer path: the same JSON → JSON call, once bare and once
/// as the HTTP function makes it (key checked from the cache, rate and spend cap admitted, usage event made and
/// serialized for the queue output binding).
/// </summary>
[MemoryDiagnoser]
public class MeteringBenchmarks
{
    private BenchmarkEnvironment _environment = null!;
    private ModelServing _serving = null!;
    private MeteredInference _metered = null!;
    private ApiKeyAuthenticator _authenticator = null!;
    private QuotaGuard _quotas = null!;
    private UsageEventFactory _usage = null!;
    private ModelManifest _manifest = null!;
    private InferenceResult _result = null!;
    private byte[] _requestJson = null!;
    private string _key = null!;

    [Params("iris-mlp", "tabular-scorer")]
    public string Model { get; set; } = "iris-mlp";

    [GlobalSetup]
    public void Setup()
    {
        _environment = new BenchmarkEnvironment();
        _environment.PublishAsync(Model, RepositoryPaths.Combine("models", $"{Model}.onnx")).GetAwaiter().GetResult();
        _serving = _environment.Services.GetRequiredService<ModelServing>();
        _metered = _environment.Services.GetRequiredService<MeteredInference>();
        _authenticator = _environment.Services.GetRequiredService<ApiKeyAuthenticator>();
        _requestJson = File.ReadAllBytes(RepositoryPaths.Combine("models", $"{Model}.request.json"));
        _key = CreateTenantKeyAsync().GetAwaiter().GetResult();
        _quotas = _environment.Services.GetRequiredService<QuotaGuard>();
        _usage = _environment.Services.GetRequiredService<UsageEventFactory>();
        _manifest = _serving.ResolveAsync("bench", Model, null, CancellationToken.None).GetAwaiter().GetResult();
        _result = _serving.InferAsync(_manifest, _requestJson, CancellationToken.None).GetAwaiter().GetResult();
        Bare();
        Metered();
        AddedWorkOnly();
    }

    [Benchmark(Baseline = true, Description = "bare: ModelServing.InferAsync")]
    public int Bare()
    {
        using var result = _serving.InferAsync("bench", Model, null, _requestJson, CancellationToken.None).GetAwaiter().GetResult();
        return result.Response.ToArray().Length;
    }

    [Benchmark(Description = "auth + quotas + metering + event JSON")]
    public int Metered() => MeteredAsync().GetAwaiter().GetResult();

    /// <summary>The added work alone, without the inference it wraps: a steadier figure than the difference of two noisy means.</summary>
    [Benchmark(Description = "added work only: auth + quotas + event JSON")]
    public int AddedWorkOnly() => AddedWorkAsync().GetAwaiter().GetResult();

    [GlobalCleanup]
    public void Cleanup() => _environment.Dispose();

    private async Task<int> MeteredAsync()
    {
        var caller = await _authenticator.AuthenticateAsync(_key, ApiKeyScopes.Infer, CancellationToken.None);
        var call = new MeteredCallContext(UsageEventFactory.NewCallId(), caller.TenantId, UsageKinds.Sync);
        var outcome = await _metered.InferAsync(caller, call, Model, null, _requestJson, CancellationToken.None);
        using var result = outcome.GetResultOrThrow();
        return result.Response.ToArray().Length + UsageEventJson.Serialize(outcome.Usage).Length;
    }

    private async Task<int> AddedWorkAsync()
    {
        var caller = await _authenticator.AuthenticateAsync(_key, ApiKeyScopes.Infer, CancellationToken.None);
        await _quotas.AdmitAsync(caller, CancellationToken.None);
        var call = new MeteredCallContext(UsageEventFactory.NewCallId(), caller.TenantId, UsageKinds.Sync);
        return UsageEventJson.Serialize(_usage.Succeeded(call, _manifest, _result)).Length;
    }

    private async Task<string> CreateTenantKeyAsync()
    {
        var tenants = _environment.Services.GetRequiredService<TenantStore>();
        // No rate limit: the benchmark calls far faster than any tenant's default rate; the bucket is still consulted.
        await tenants.CreateTenantAsync("bench", "Benchmark", requestsPerSecond: 1_000_000, monthlySpendCapMicros: long.MaxValue, CancellationToken.None);
        return (await tenants.CreateKeyAsync("bench", ApiKeyScopes.Infer, CancellationToken.None)).Secret;
    }
}
