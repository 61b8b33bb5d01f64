using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core;

namespace ModelService.Cli.Infrastructure;

/// <summary>The CLI's one composition root: what operators' commands reach straight in storage.</summary>
public static class CliServiceCollectionExtensions
{
    public static IServiceCollection AddModelServiceCli(this IServiceCollection services, IConfiguration configuration) =>
        services.AddLogging().AddModelRegistry(configuration).AddTenancy(configuration).AddBillingLedger(configuration).AddPredictions(configuration).AddTenantDeletion(configuration);
}
