using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core;
using ModelService.Core.Registry;
using ModelService.Core.Billing;
using ModelService.Core.Inference;
using ModelService.Core.Serving;
using ModelService.Core.Tenancy;

namespace ModelService.LoadTest;

/// <summary>
/// The same call without HTTP: the key checked, the call admitted, metered and run (what the HTTP function does
/// with its request), over the same registry and tenants. The difference to the HTTP figures is what the host,
/// the proxy hop, the worker's pipeline and the usage event's queue write cost.
/// </summary>
internal sealed class InProcessTarget : IDisposable
{
    private readonly ServiceProvider _services;
    private readonly string _disk = Path.Combine(Path.GetTempPath(), $"modelsvc-load-{Guid.NewGuid():N}");

    public InProcessTarget(LoadTestOptions options)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelService:Storage:ConnectionString"] = options.Storage,
            ["ModelService:Registry:ContainerName"] = options.Container,
            ["ModelService:Cache:DiskPath"] = _disk,
        }).Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddBilling(configuration)
            .BuildServiceProvider();
    }

    public IModelRegistry Registry => _services.GetRequiredService<IModelRegistry>();

    public ModelServing Serving => _services.GetRequiredService<ModelServing>();

    public TenantStore Tenants => _services.GetRequiredService<TenantStore>();

    public UsageLedger Ledger => _services.GetRequiredService<UsageLedger>();

    public UsageBatchWriter UsageWriter => _services.GetRequiredService<UsageBatchWriter>();

    /// <param name="jsonLength">Set for a binary-data body: the length of its JSON object.</param>
    public Func<CancellationToken, Task<bool>> Infer(string model, byte[] body, string key, int? jsonLength = null) => async cancellationToken =>
    {
        var caller = await _services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(key, ApiKeyScopes.Infer, cancellationToken);
        var call = new MeteredCallContext(UsageEventFactory.NewCallId(), caller.TenantId, UsageKinds.Sync);
        var outcome = await _services.GetRequiredService<MeteredInference>().InferAsync(caller, call, model, null, new InferenceRequestBody(body, jsonLength), cancellationToken);
        using var result = outcome.GetResultOrThrow();
        return result.Response.ToArray().Length > 0 && UsageEventJson.Serialize(outcome.Usage).Length > 0;
    };

    public void Dispose()
    {
        _services.Dispose();
        try
        {
            Directory.Delete(_disk, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was cached.
        }
    }
}
