using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelService.Core;
using ModelService.Core.Audit;
using ModelService.Core.Billing;
using ModelService.Core.Tenancy;
using ModelService.Trainer.Export;
using ModelService.Trainer.Learning;
using ModelService.Trainer.Worker;

namespace ModelService.Trainer;

/// <summary>The trainer's one wiring entry point: Core's training and registry services plus the worker.</summary>
public static class TrainerServiceCollectionExtensions
{
    public static IServiceCollection AddTrainer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModelRegistry(configuration);
        services.AddTrainingJobs(configuration);
        services.AddBillingLedger(configuration);
        services.TryAddSingleton<UsageQueueSender>();
        services.TryAddSingleton<TrainingBilling>();
        services.AddOptions<TenancyOptions>().Bind(configuration.GetSection(TenancyOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<PublicationAudit>();
        services.AddOptions<TrainerOptions>().Bind(configuration.GetSection(TrainerOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();

        // Post-processing runs in registration order: int8 quantization, kept when it passes the quality gate.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IModelPostProcessor, QuantizeStage>());
        services.TryAddSingleton<TrainingBackendSelector>();
        services.TryAddSingleton<JobClaimer>();
        services.TryAddSingleton<TrainingPipeline>();
        services.TryAddSingleton<TrainingJobRunner>();
        services.TryAddSingleton<TrainerWorker>();
        return services;
    }
}
