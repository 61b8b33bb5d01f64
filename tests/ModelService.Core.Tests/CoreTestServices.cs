using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Testing;

namespace ModelService.Core.Tests;

/// <summary>The real Core services against the collection's Azurite, in a container of the test's own.</summary>
public sealed class CoreTestServices : IDisposable
{
    private readonly ServiceProvider _provider;
    private readonly TemporaryDirectory _disk = new();

    public CoreTestServices(AzuriteFixture azurite, long cacheSizeLimitBytes = 1L << 30, string? diskPath = null, string? containerName = null, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        ContainerName = containerName ?? TestNames.Container("models");
        DiskPath = diskPath ?? _disk.Path;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ModelService:Storage:ConnectionString"] = azurite.ConnectionString,
                ["ModelService:Registry:ContainerName"] = ContainerName,
                ["ModelService:Cache:SizeLimitBytes"] = cacheSizeLimitBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["ModelService:Cache:DiskPath"] = DiskPath,

                // Usage of the test's own: the shared Azurite's usage-events may feed another run's ledger.
                ["ModelService:Billing:UsageQueue"] = TestNames.Container("usage"),
                ["ModelService:Billing:UsageParkedContainer"] = TestNames.Container("parked"),
                // Tests read the usage queue as soon as a send returns (group commit); tests of the asynchronous
                // default set it themselves (UsageBufferTests).
                ["ModelService:Billing:UsageDurability"] = "GroupCommit",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection()
            .AddLogging()
            .AddPredictions(configuration)
            .AddTrainingJobs(configuration)
            .AddTenantDeletion(configuration);
        configure?.Invoke(services);
        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public string ContainerName { get; }

    public string DiskPath { get; }

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public void Dispose()
    {
        _provider.Dispose();
        _disk.Dispose();
    }
}
