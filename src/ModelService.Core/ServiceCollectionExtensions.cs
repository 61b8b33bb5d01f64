using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelService.Core.Billing;
using ModelService.Core.Caching;
using ModelService.Core.Inference;
using ModelService.Core.Predictions;
using ModelService.Core.Quotas;
using ModelService.Core.Registry;
using ModelService.Core.Serving;
using ModelService.Core.Storage;
using ModelService.Core.Tenancy;
using ModelService.Core.Webhooks;
using ModelService.Core.Training;

namespace ModelService.Core;

/// <summary>The entry points that wire Core into a host: the function app, the CLI, tests and benchmarks.</summary>
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
        return services;
    }

    /// <summary>Training jobs, their events and queue, and tenants' datasets: for the function app and the trainer.</summary>
    public static IServiceCollection AddTrainingJobs(this IServiceCollection services, IConfiguration configuration)
    {
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

    /// <summary>Quotas, prices, usage events, the ledger and the metered inference call (needs serving and tenancy).</summary>
    public static IServiceCollection AddBilling(this IServiceCollection services, IConfiguration configuration)
    {
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

    /// <summary>Asynchronous inference: records, queue, runner and webhooks (needs serving, tenancy and billing).</summary>
    public static IServiceCollection AddPredictions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<PredictionOptions>(configuration, PredictionOptions.SectionName);
        services.TryAddSingleton<PredictionStore>();
        services.TryAddSingleton<PredictionSubmitter>();
        services.TryAddSingleton<PredictionRunner>();
        services.TryAddSingleton<WebhookSender>();
        return services;
    }

    /// <summary>The usage ledger and reports, the usage queue's direct sender and the parked usage: what the trainer and operators' tools need.</summary>
    public static IServiceCollection AddBillingLedger(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<StorageOptions>(configuration, StorageOptions.SectionName);
        services.AddValidatedOptions<BillingOptions>(configuration, BillingOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<StorageClientFactory>();
        services.TryAddSingleton<UsageLedger>();
        services.TryAddSingleton<UsageReporter>();
        services.TryAddSingleton<UsageParking>();
        services.TryAddSingleton<UsageBatchWriter>();
        services.TryAddSingleton<UsageQueueSender>();
        services.TryAddSingleton<UsageReplayer>();
        return services;
    }

    private static void AddValidatedOptions<TOptions>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
    }
}
