using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core.Audit;
using ModelService.Core.Billing;
using ModelService.Core.Predictions;
using ModelService.Core.Registry;
using ModelService.Core.Tenancy;

namespace ModelService.Cli.Infrastructure;

/// <summary>The registry and tenant store the CLI talks to, straight to storage, failing fast when storage is unreachable.</summary>
public static class StorageServices
{
    public static ServiceProvider Create(CliSettings settings, IReadOnlyDictionary<string, string?>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var isAccountEndpoint = settings.Storage.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            // An https blob endpoint is reached with the operator's Azure identity; anything else is a connection string.
            [isAccountEndpoint ? "ModelService:Storage:BlobServiceUri" : "ModelService:Storage:ConnectionString"] = settings.Storage,
            ["ModelService:Storage:MaxRetries"] = "1",
            ["ModelService:Storage:NetworkTimeoutSeconds"] = "30",
        }).AddInMemoryCollection(extra ?? new Dictionary<string, string?>()).Build();
        return new ServiceCollection().AddModelServiceCli(configuration).BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public static IModelRegistry Registry(this ServiceProvider services) => services.GetRequiredService<IModelRegistry>();

    public static TenantStore Tenants(this ServiceProvider services) => services.GetRequiredService<TenantStore>();

    public static AuditLog Audit(this ServiceProvider services) => services.GetRequiredService<AuditLog>();

    public static UsageReporter Usage(this ServiceProvider services) => services.GetRequiredService<UsageReporter>();

    public static RetentionSweeper Retention(this ServiceProvider services) => services.GetRequiredService<RetentionSweeper>();

    public static UsageReplayer Replayer(this ServiceProvider services) => services.GetRequiredService<UsageReplayer>();
}
