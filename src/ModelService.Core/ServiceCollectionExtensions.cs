using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelService.Core.Audit;
using ModelService.Core.Billing;
using ModelService.Core.Caching;
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
        services.TryAddSingleton<StorageClientFactory>();
        services.TryAddSingleton<IModelRegistry, BlobModelRegistry>();
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
        services.TryAddSingleton<StorageClientFactory>();
        services.AddMemoryCache();
        services.TryAddSingleton<TenantStore>();
        services.TryAddSingleton<ApiKeyAuthenticator>();
        services.TryAddSingleton<AuditLog>();
        return services;
    }

    /// <summary>Training jobs, their events and queue, and tenants' datasets: for the function app and the trainer.</summary>
    public static IServiceCollection AddTrainingJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModelRegistry(configuration);
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.SectionName);
        services.AddValidatedOptions<TrainingOptions>(configuration, TrainingOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageClientFactory>();
        services.TryAddSingleton<DatasetStore>();
        services.TryAddSingleton<TrainingJobStore>();
        services.TryAddSingleton<TrainingEventStore>();
        services.TryAddSingleton<TrainingJobQueue>();
        services.TryAddSingleton<TrainingJobValidator>();
        services.TryAddSingleton<TrainingJobService>();
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

    /// <summary>The usage ledger and reports alone: what the aggregator and operators' tools need.</summary>
    public static IServiceCollection AddBillingLedger(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.SectionName);
        services.AddValidatedOptions<BillingOptions>(configuration, BillingOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageClientFactory>();
        services.TryAddSingleton<UsageLedger>();
        services.TryAddSingleton<UsageReporter>();
        return services;
    }

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
