using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core.Registry;
using ModelService.Core.Training;
using ModelService.Testing;

namespace ModelService.Core.Tests.Training;

/// <summary>Core's training services against Azurite, in tables, a queue and a container of the test's own.</summary>
public sealed class TrainingTestServices : IDisposable
{
    private readonly ServiceProvider _provider;

    public TrainingTestServices(AzuriteFixture azurite, Azure.Core.Pipeline.HttpPipelinePolicy? faults = null, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelService:Storage:ConnectionString"] = azurite.ConnectionString,
            ["ModelService:Registry:ContainerName"] = TestNames.Container("models"),
            ["ModelService:Training:DatasetsContainer"] = TestNames.Container("datasets"),
            ["ModelService:Training:QueueName"] = TestNames.Container("jobs"),
            ["ModelService:Training:JobsTable"] = TestNames.Table("jobs"),
            ["ModelService:Training:EventsTable"] = TestNames.Table("events"),
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();
        var services = new ServiceCollection().AddLogging().AddTrainingJobs(configuration);
        if (faults is not null)
        {
            services.AddSingleton(faults);
        }

        _provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public TrainingJobService Jobs => _provider.GetRequiredService<TrainingJobService>();

    public TrainingJobStore Store => _provider.GetRequiredService<TrainingJobStore>();

    public TrainingEventStore Events => _provider.GetRequiredService<TrainingEventStore>();

    public TrainingJobQueue Queue => _provider.GetRequiredService<TrainingJobQueue>();

    public IModelRegistry Registry => _provider.GetRequiredService<IModelRegistry>();

    public DatasetStore Datasets => _provider.GetRequiredService<DatasetStore>();

    public void Dispose() => _provider.Dispose();
}
