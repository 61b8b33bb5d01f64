using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ModelService.Core;
using ModelService.Core.Telemetry;
using ModelService.Functions.Http;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Hosting;

/// <summary>
/// The function app's one composition root: every service a function of this app takes, so the worker, the
/// development host and the tests wire the same graph.
/// </summary>
public static class FunctionsServiceCollectionExtensions
{
    public static IServiceCollection AddModelServiceFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddModelServing(configuration);
        services.AddTenancy(configuration);
        services.AddBilling(configuration);
        services.AddPredictions(configuration);
        services.AddTrainingJobs(configuration);
        services.AddStorageProvisioner();
        // Created now, not on the first scrape, so that it counts from start-up.
#pragma warning disable CA2000 // The one instance lives as long as the process that scrapes it.
        services.TryAddSingleton(new PrometheusMetrics());
#pragma warning restore CA2000
        services.TryAddSingleton<RequestBodyLimits>();
        services.TryAddSingleton<HttpFunctionDeclarations>();
        services.TryAddSingleton<HttpFunctionPipeline>();
        return services;
    }
}
