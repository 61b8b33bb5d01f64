using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelService.Core.Audit;
using ModelService.Core.Billing;
using ModelService.Core.Caching;
using ModelService.Core.Energy;
using ModelService.Core.Inference;
using ModelService.Core.Predictions;
using ModelService.Core.Quotas;
using ModelService.Core.Registry;
using ModelService.Core.Serving;
using ModelService.Core.Statistics;
using ModelService.Core.Storage;
using ModelService.Core.Tenancy;
using ModelService.Core.Webhooks;
using ModelService.Core.Training;

namespace ModelService.Core;

/// <summary>
/// The entry points that wire Core into a host: the function app, the CLI, the trainer, tests and benchmarks.
/// Each registers everything its services need (calling the others it depends on), so they stand alone and may be
/// called in any order and more than once.
/// </summary>
public static class ServiceCollectionExtensions
{
    /// <summary>Storage and the model registry: enough for operators' tools.</summary>
    public static IServiceCollection AddModelRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.SectionName);
        services.AddValidatedOptions<RegistryOptions>(configuration, RegistryOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageClients();
        services.TryAddSingleton<IModelRegistry, BlobModelRegistry>();
        services.AddStorageResources<RegistryOptions>(o => [StorageResource.Container(o.ContainerName)]);
        return services;
    }

    /// <summary>The registry plus warm caching and inference: what serving hosts need.</summary>
    public static IServiceCollection AddModelServing(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModelRegistry(configuration);
        services.AddValidatedOptions<ModelCacheOptions>(configuration, ModelCacheOptions.SectionName);
        services.AddValidatedOptions<SessionOptionsSettings>(configuration, SessionOptionsSettings.SectionName);
        services.AddValidatedOptions<InferenceOptions>(configuration, InferenceOptions.SectionName);
        services.AddMemoryCache();
        services.TryAddSingleton<ModelResolver>();
        services.TryAddSingleton<ModelSessionCache>();
        services.TryAddSingleton<InferenceEngine>();
        services.TryAddSingleton<ServingStatistics>();
        services.TryAddSingleton<ModelRepository>();
        services.TryAddSingleton<ModelServing>();
        services.AddHostedService<ModelWarmupService>();
        return services;
    }

    /// <summary>Tenants and API keys in Table storage, and the authenticator every protected call goes through.</summary>
    public static IServiceCollection AddTenancy(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.SectionName);
        services.AddValidatedOptions<TenancyOptions>(configuration, TenancyOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageClients();
        services.AddMemoryCache();
        services.TryAddSingleton<TenantStore>();
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddSingleton<AuditLog>();
        services.AddStorageResources<TenancyOptions>(o => [StorageResource.Table(o.TenantsTable), StorageResource.Table(o.KeysTable), StorageResource.Table(o.AuditTable)]);
        return services;
    }

    /// <summary>A tenant's deletion, with every store whose tenant data it removes: for operators' tools.</summary>
    public static IServiceCollection AddTenantDeletion(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddTenancy(configuration);
        services.AddPredictions(configuration);
        services.AddTrainingJobs(configuration);
        services.TryAddSingleton<TenantDeletion>();
        return services;
    }

    /// <summary>Training jobs, their events and queue, and tenants' datasets: for the function app and the trainer.</summary>
    public static IServiceCollection AddTrainingJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModelRegistry(configuration);
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.SectionName);
        services.AddValidatedOptions<TrainingOptions>(configuration, TrainingOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageClients();
        services.TryAddSingleton<DatasetStore>();
        services.TryAddSingleton<TrainingJobStore>();
        services.TryAddSingleton<TrainingEventStore>();
        services.TryAddSingleton<TrainingJobQueue>();
        services.TryAddSingleton<TrainingJobValidator>();
        services.TryAddSingleton<TrainingJobService>();
        services.AddStorageResources<TrainingOptions>(o =>
            [StorageResource.Table(o.JobsTable), StorageResource.Table(o.EventsTable), StorageResource.Queue(o.QueueName), StorageResource.Queue(o.QueueName + "-poison"), StorageResource.Container(o.DatasetsContainer)]);
        return services;
    }

    /// <summary>Quotas, prices, usage events, the ledger and the metered inference call, with the serving and tenancy they use.</summary>
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModelServing(configuration);
        services.AddTenancy(configuration);
        services.AddBillingLedger(configuration);
        services.AddValidatedOptions<QuotaOptions>(configuration, QuotaOptions.SectionName);
        services.AddMemoryCache();
        services.TryAddSingleton<UsagePricer>();
        services.TryAddSingleton<UsageEventFactory>();
        services.TryAddSingleton<TenantRateLimiter>();
        services.TryAddSingleton<SpendCapGuard>();
        services.TryAddSingleton<QuotaGuard>();
        services.TryAddSingleton<MeteredInference>();
        services.TryAddSingleton<UsageBuffer>();
        services.TryAddSingleton<IUsageSink>(provider => provider.GetRequiredService<UsageBuffer>());
        services.AddHostedService<UsageFlusher>();
        return services;
    }

    /// <summary>Asynchronous inference: records, queue, runner and webhooks, with the serving, tenancy and billing they use.</summary>
    public static IServiceCollection AddPredictions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddBilling(configuration);
        services.AddValidatedOptions<PredictionOptions>(configuration, PredictionOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PredictionStore>();
        services.TryAddSingleton<InferenceRequestValidator>();
        services.TryAddSingleton<PredictionSubmitter>();
        services.TryAddSingleton<RetentionSweeper>();
        services.TryAddSingleton<PredictionRunner>();
        services.AddWebhooks();
        services.AddStorageResources<PredictionOptions>(o =>
            [StorageResource.Table(o.Table), StorageResource.Container(o.Container), StorageResource.Queue(PredictionOptions.QueueName), StorageResource.Queue(PredictionOptions.QueueName + "-poison"),
             StorageResource.Queue(WebhookDeliveryQueue.QueueName), StorageResource.Queue(WebhookDeliveryQueue.QueueName + "-poison")]);
        return services;
    }

    /// <summary>
    /// Webhook delivery: its own queue, and an IHttpClientFactory client whose every connection is checked against
    /// the address rules, with no redirects, no proxy, a short timeout and bounded headers and drain.
    /// </summary>
    private static void AddWebhooks(this IServiceCollection services)
    {
        // AddHttpClient configures again on every call: once is enough for an entry point that may run repeatedly.
        if (services.Any(descriptor => descriptor.ServiceType == typeof(WebhookDeliverer)))
        {
            return;
        }

        services.TryAddSingleton<IWebhookHostResolver, DnsWebhookHostResolver>();
        services.TryAddSingleton<WebhookTargets>();
        services.TryAddSingleton<WebhookConnector>();
        services.TryAddSingleton<WebhookSender>();
        services.TryAddSingleton<WebhookDeliveryQueue>();
        services.TryAddSingleton<WebhookDeliverer>();
        services.AddHttpClient(WebhookSender.ClientName, (provider, client) =>
                client.Timeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<PredictionOptions>>().Value.WebhookTimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(provider => new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                UseProxy = false,
                ConnectCallback = provider.GetRequiredService<WebhookConnector>().ConnectAsync,
                ConnectTimeout = TimeSpan.FromSeconds(provider.GetRequiredService<IOptions<PredictionOptions>>().Value.WebhookTimeoutSeconds),
                MaxResponseHeadersLength = 16,
                MaxResponseDrainSize = 4 * 1024,
                ResponseDrainTimeout = TimeSpan.FromSeconds(1),
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            .RemoveAllLoggers();
    }

    /// <summary>The usage ledger and reports, the usage queue's direct sender and the parked usage: what the trainer and operators' tools need.</summary>
    public static IServiceCollection AddBillingLedger(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.SectionName);
        services.AddValidatedOptions<BillingOptions>(configuration, BillingOptions.SectionName);
        services.AddValidatedOptions<EnergyOptions>(configuration, EnergyOptions.SectionName);
        services.TryAddSingleton<EnergyModel>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddStorageClients();
        services.TryAddSingleton<UsageLedger>();
        services.TryAddSingleton<UsageReporter>();
        services.TryAddSingleton<UsageParking>();
        services.TryAddSingleton<UsageBatchWriter>();
        services.TryAddSingleton<UsageQueueSender>();
        services.TryAddSingleton<UsageReplayer>();
        services.AddStorageResources<BillingOptions>(o =>
            [StorageResource.Table(o.UsageTable), StorageResource.Queue(o.UsageQueue), StorageResource.Queue(o.UsageQueue + "-poison"), StorageResource.Container(o.UsageParkedContainer)]);
        return services;
    }

    /// <summary>The storage clients, built once by Microsoft.Extensions.Azure, however many entry points ask for them.</summary>
    private static void AddStorageClients(this IServiceCollection services)
    {
        if (services.Any(descriptor => descriptor.ServiceType == typeof(StorageClientFactory)))
        {
            return;
        }

        services.AddSingleton<StorageClientFactory>();
        StorageClients.Add(services);

        // The Azure SDK's own per-request events are forwarded to logging at Information; only its warnings are worth keeping.
        services.AddLogging(logging => logging.AddFilter("Azure", LogLevel.Warning));
    }

    /// <summary>
    /// Creates, at start-up, every container, table and queue the entry points called so far declared (retried until
    /// it succeeds). For long-running hosts: the function app and the trainer; tools and tests create on first use.
    /// </summary>
    public static IServiceCollection AddStorageProvisioner(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageProvisioner>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Microsoft.Extensions.Hosting.IHostedService, StorageProvisioner>(provider => provider.GetRequiredService<StorageProvisioner>()));
        return services;
    }

    /// <summary>Declares a feature's resources once per options type, however often its entry point runs.</summary>
    private static void AddStorageResources<TOptions>(this IServiceCollection services, Func<TOptions, IReadOnlyList<StorageResource>> select)
        where TOptions : class =>
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStorageResourceDeclaration, StorageResourceDeclaration<TOptions>>(
            provider => new StorageResourceDeclaration<TOptions>(provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<TOptions>>(), select)));

    private static void AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
    {
        // Bound once however many entry points ask for it, so a section is not bound and validated twice.
        if (services.Any(descriptor => descriptor.ServiceType == typeof(ValidatedOptionsMarker<TOptions>)))
        {
            return;
        }

        services.AddSingleton<ValidatedOptionsMarker<TOptions>>();
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
    }
}
