using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core;
using ModelService.Core.Registry;
using ModelService.Testing;

namespace ModelService.Benchmarks;

/// <summary>
/// Real Core services against the Azurite named by MODELSVC_TEST_STORAGE (scripts/benchmark.sh starts one), in a
/// container of their own, with the sample models from models/ published.
/// </summary>
public sealed class BenchmarkEnvironment : IDisposable
{
    private readonly TemporaryDirectory _disk = new();

    public BenchmarkEnvironment(string? containerName = null)
    {
        ConnectionString = Environment.GetEnvironmentVariable(AzuriteFixture.EnvironmentVariable)
            ?? throw new InvalidOperationException($"Set {AzuriteFixture.EnvironmentVariable}; run ./scripts/benchmark.sh.");
        ContainerName = containerName ?? TestNames.Container("bench");
        Services = Build(ContainerName, _disk.Path);
    }

    public string ConnectionString { get; }

    public string ContainerName { get; }

    public ServiceProvider Services { get; }

    public ServiceProvider Build(string containerName, string diskPath)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelService:Storage:ConnectionString"] = ConnectionString,
            ["ModelService:Registry:ContainerName"] = containerName,
            ["ModelService:Cache:DiskPath"] = diskPath,
            ["ModelService:Tenancy:TenantsTable"] = TestNames.Table("tenants"),
            ["ModelService:Tenancy:KeysTable"] = TestNames.Table("keys"),
            ["ModelService:Billing:UsageTable"] = TestNames.Table("usage"),
        }).Build();
        return new ServiceCollection()
            .AddLogging()
            .AddBilling(configuration)
            .BuildServiceProvider();
    }

    public async Task<ModelManifest> PublishAsync(string name, string file)
    {
        var registry = Services.GetRequiredService<IModelRegistry>();
        var versions = await registry.ListVersionsAsync(name, CancellationToken.None);
        return versions.Count > 0
            ? await registry.GetManifestAsync(name, VersionSelector.Latest, CancellationToken.None)
            : await registry.PublishAsync(new ModelPublication { Name = name, Version = 1 }, file, null, CancellationToken.None);
    }

    public void Dispose()
    {
        Services.Dispose();
        _disk.Dispose();
    }
}
