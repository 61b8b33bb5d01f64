using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core;
using ModelService.Core.Billing;
using ModelService.Core.Registry;
using ModelService.Core.Tenancy;

namespace ModelService.Cli.Infrastructure;

/// <summary>The registry and tenant store the CLI talks to, straight to storage, failing fast when storage is unreachable.</summary>
public static class StorageServices
{
    public static ServiceProvider Create(CliSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var isAccountEndpoint = settings.Storage.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // An https blob endpoint is reached with the operator's Azure identity; anything else is a connection string.
            [isAccountEndpoint ? "ModelService:Storage:BlobServiceUri" : "ModelService:Storage:ConnectionString"] = settings.Storage,
            ["ModelService:Storage:MaxRetries"] = "1",
            ["ModelService:Storage:NetworkTimeoutSeconds"] = "30",
        }).Build();
        return new ServiceCollection().AddLogging().AddModelRegistry(configuration).AddTenancy(configuration).AddBillingLedger(configuration).BuildServiceProvider();
    }

    public static IModelRegistry Registry(this ServiceProvider services) => services.GetRequiredService<IModelRegistry>();

    public static TenantStore Tenants(this ServiceProvider services) => services.GetRequiredService<TenantStore>();

    public static UsageReporter Usage(this ServiceProvider services) => services.GetRequiredService<UsageReporter>();

    public static UsageReplayer Replayer(this ServiceProvider services) => services.GetRequiredService<UsageReplayer>();
}
