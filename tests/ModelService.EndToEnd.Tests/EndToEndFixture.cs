using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core;
using ModelService.Core.Registry;
using ModelService.Core.Tenancy;
using ModelService.FunctionsHost;
using ModelService.FunctionsHost.HostConfiguration;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>
/// Azurite, the development host and the real worker, shared by the collection. The worker gets its own registry
/// container and cache folder; the tests publish models into that registry through Core, as the CLI would.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    public const long MaxRequestBytes = 64 * 1024;

    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly TemporaryDirectory _workerCache = new();
    private ServiceProvider? _services;

    public AzuriteFixture Azurite { get; } = new();

    public string ContainerName { get; } = TestNames.Container("e2e-models");

    public RunningDevelopmentHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IModelRegistry Registry => _services!.GetRequiredService<IModelRegistry>();

    /// <summary>The worker's app settings (storage, names), for other processes that share its storage: the trainer.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    /// <summary>A new tenant and a key of it with the given scopes; returns the key's secret.</summary>
    public async Task<string> CreateKeyAsync(ApiKeyScopes scopes)
    {
        var tenants = _services!.GetRequiredService<TenantStore>();
        var tenant = await tenants.CreateTenantAsync(TestNames.Container("t")[..20], "Test tenant", null, null, CancellationToken.None);
        return (await tenants.CreateKeyAsync(tenant.Id, scopes, CancellationToken.None)).Secret;
    }

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        var settings = new Dictionary<string, string>
        {
            ["ModelService__Storage__ConnectionString"] = Azurite.ConnectionString,
            ["ModelService__Registry__ContainerName"] = ContainerName,
            // Alias changes must show at once, not after the pointer cache's default few seconds.
            ["ModelService__Registry__PointerCacheSeconds"] = "0",
            ["ModelService__Cache__DiskPath"] = _workerCache.Path,
            ["ModelService__Inference__MaxRequestBytes"] = MaxRequestBytes.ToString(CultureInfo.InvariantCulture),
            ["ModelService__Training__QueueName"] = TestNames.Container("e2e-training"),
            ["ModelService__Training__JobsTable"] = TestNames.Table("e2ejobs"),
            ["ModelService__Training__EventsTable"] = TestNames.Table("e2eevents"),
            ["ModelService__Training__DatasetsContainer"] = TestNames.Container("e2e-datasets"),
        };
        Settings = settings;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.ToDictionary(s => s.Key.Replace("__", ":", StringComparison.Ordinal), s => (string?)s.Value))
            .Build();
        _services = new ServiceCollection()
            .AddLogging()
            .AddModelServing(configuration)
            .AddTenancy(configuration)
            .BuildServiceProvider();

        using var timeout = new CancellationTokenSource(Timeout);
        Host = await DevelopmentHost.StartAsync(new DevelopmentHostOptions
        {
            WorkerDirectory = FunctionAppBuild.Directory,
            Port = 0,
            StorageConnectionString = Azurite.ConnectionString,
            Environment = settings,
            // local.settings.json would warm the sample models from the developer's Azurite; these tests bring their own.
            UseLocalSettings = false,
            LogToConsole = false,
        }, timeout.Token);
        Http = new HttpClient { BaseAddress = Host.HttpUrl, Timeout = Timeout };
    }

    /// <summary>Publishes a model file under a fresh name (or a new version of a given name).</summary>
    public async Task<string> PublishAsync(byte[] model, int version = 1, string? name = null, params string[] aliases)
    {
        name ??= TestNames.Model("e2e");
        var file = TestModels.WriteTemporary(model);
        try
        {
            await Registry.PublishAsync(new ModelPublication { Name = name, Version = version, Aliases = aliases }, file, null, CancellationToken.None);
            return name;
        }
        finally
        {
            File.Delete(file);
        }
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await Azurite.DisposeAsync();
        _workerCache.Dispose();
    }
}
