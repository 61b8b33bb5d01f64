using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using ModelService.Core;
using ModelService.Core.Billing;
using ModelService.Core.Predictions;
using ModelService.Core.Registry;
using ModelService.Core.Serving;
using ModelService.Core.Storage;
using ModelService.Core.Tenancy;
using ModelService.Core.Training;

namespace ModelService.Core.Tests;

/// <summary>Core's entry points stand alone: each registers what its services need, in any order, any number of times.</summary>
public sealed class ServiceCollectionExtensionsTests
{
    private static readonly IConfiguration Configuration = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["ModelService:Storage:ConnectionString"] = "UseDevelopmentStorage=true" })
        .Build();

    private static readonly string[] Names = ["registry", "serving", "tenancy", "training", "billing", "predictions", "ledger", "deletion"];

    public static TheoryData<string> EntryPoints => [.. Names];

    [Theory]
    [MemberData(nameof(EntryPoints))]
    public void Each_entry_point_alone_builds_every_service_it_registers(string entryPoint)
    {
        var services = Add(new ServiceCollection().AddLogging(), entryPoint);

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.NotNull(provider.GetRequiredService(MainService(entryPoint)));
    }

    [Fact]
    public void Entry_points_in_any_order_and_repeated_register_each_service_and_options_binding_once()
    {
        var forward = new ServiceCollection().AddLogging();
        var backward = new ServiceCollection().AddLogging();
        foreach (var entryPoint in Names)
        {
            Add(forward, entryPoint);
        }

        foreach (var entryPoint in Names.AsEnumerable().Reverse())
        {
            Add(Add(backward, entryPoint), entryPoint);
        }

        Assert.Equal(Describe(forward), Describe(backward));
        Assert.Single(backward, d => d.ServiceType == typeof(IConfigureOptions<StorageOptions>));
        Assert.Single(backward, d => d.ServiceType == typeof(MeteredInference));
        using var provider = backward.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        Assert.NotNull(provider.GetRequiredService<PredictionRunner>());
    }

    private static IServiceCollection Add(IServiceCollection services, string entryPoint) => entryPoint switch
    {
        "registry" => services.AddModelRegistry(Configuration),
        "serving" => services.AddModelServing(Configuration),
        "tenancy" => services.AddTenancy(Configuration),
        "training" => services.AddTrainingJobs(Configuration),
        "billing" => services.AddBilling(Configuration),
        "predictions" => services.AddPredictions(Configuration),
        "ledger" => services.AddBillingLedger(Configuration),
        "deletion" => services.AddTenantDeletion(Configuration),
        _ => throw new ArgumentOutOfRangeException(nameof(entryPoint)),
    };

    private static Type MainService(string entryPoint) => entryPoint switch
    {
        "registry" => typeof(IModelRegistry),
        "serving" => typeof(ModelServing),
        "tenancy" => typeof(ApiKeyAuthenticator),
        "training" => typeof(TrainingJobService),
        "billing" => typeof(MeteredInference),
        "predictions" => typeof(PredictionRunner),
        "ledger" => typeof(UsageReporter),
        "deletion" => typeof(TenantDeletion),
        _ => throw new ArgumentOutOfRangeException(nameof(entryPoint)),
    };

    private static string[] Describe(IServiceCollection services) =>
        [.. services.Select(d => $"{d.ServiceType.FullName} {d.ImplementationType?.FullName} {d.Lifetime}").Order(StringComparer.Ordinal)];
}
