using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core;
using ModelService.Core.Billing;
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

    public TenantStore Tenants => _services!.GetRequiredService<TenantStore>();

    public ModelService.Core.Audit.AuditLog Audit => _services!.GetRequiredService<ModelService.Core.Audit.AuditLog>();

    public UsageLedger Ledger => _services!.GetRequiredService<UsageLedger>();

    /// <summary>The worker's parked usage (its own container).</summary>
    public UsageParking Parking => _services!.GetRequiredService<UsageParking>();

    /// <summary>The tenant <see cref="Http"/> calls as, with a key of every scope.</summary>
    public string TenantId { get; } = TestNames.Tenant("e2e");

    public string Key { get; private set; } = string.Empty;

    public string UsageQueueConnection => Azurite.ConnectionString;

    /// <summary>The worker's app settings (storage, names), for other processes that share its storage: the trainer.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    /// <summary>A new tenant and a key of it with the given scopes; returns the key's secret.</summary>
    public async Task<string> CreateKeyAsync(ApiKeyScopes scopes)
    {
        var tenants = _services!.GetRequiredService<TenantStore>();
        var tenant = await tenants.CreateTenantAsync(TestNames.Tenant("t"), "Test tenant", null, null, CancellationToken.None);
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
            ["ModelService__Tenancy__TenantsTable"] = TestNames.Table("tenants"),
            ["ModelService__Tenancy__KeysTable"] = TestNames.Table("keys"),
            ["ModelService__Billing__UsageTable"] = TestNames.Table("usage"),
            ["ModelService__Billing__UsageParkedContainer"] = TestNames.Container("e2e-parked"),
            // Revocations and spend caps must show at once, not after the caches' default seconds.
            ["ModelService__Tenancy__KeyCacheSeconds"] = "0",
            ["ModelService__Quotas__SpendCacheSeconds"] = "0",
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
            .AddModelRegistry(configuration)
            .AddTenancy(configuration)
            .AddBillingLedger(configuration)
            .BuildServiceProvider();
        Key = await CreateTenantKeyAsync(TenantId, requestsPerSecond: 0, spendCapMicros: null);

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
            // Queue functions are polled every second and a failed message returns after a second, so the
            // poison path (host.json maxDequeueCount attempts) takes seconds here rather than minutes.
            MaxPollingInterval = TimeSpan.FromSeconds(1),
            ConfigureQueues = queues => queues with { VisibilityTimeout = TimeSpan.FromSeconds(1) },
        }, timeout.Token);
        Http = Client(Key);
    }

    /// <summary>An HTTP client on the host that sends the given key (none when null).</summary>
    public HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = Host.HttpUrl, Timeout = Timeout };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
        }

        return client;
    }

    public async Task<string> CreateTenantKeyAsync(string tenantId, double? requestsPerSecond, long? spendCapMicros, ApiKeyScopes scopes = ApiKeyScopes.All)
    {
        await Tenants.CreateTenantAsync(tenantId, tenantId, requestsPerSecond, spendCapMicros, CancellationToken.None);
        return (await Tenants.CreateKeyAsync(tenantId, scopes, CancellationToken.None)).Secret;
    }

    /// <summary>Publishes a model file under a fresh name (or a new version of a given name).</summary>
    public Task<string> PublishAsync(byte[] model, int version = 1, string? name = null, params string[] aliases) =>
        PublishAsync(model, new ModelPublication { Name = name ?? TestNames.Model("e2e"), Version = version, Aliases = aliases });

    public async Task<string> PublishAsync(byte[] model, ModelPublication publication)
    {
        ArgumentNullException.ThrowIfNull(publication);
        var name = publication.Name;
        var file = TestModels.WriteTemporary(model);
        try
        {
            await Registry.PublishAsync(publication, file, null, CancellationToken.None);
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
