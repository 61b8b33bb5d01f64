using System.Globalization;
using System.Text;
using Azure.Core.Pipeline;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using ModelService.Core.Registry;
using ModelService.Core.Training;
using ModelService.Testing;
using ModelService.Trainer.Worker;

namespace ModelService.Trainer.Tests;

/// <summary>The real trainer and Core services against Azurite, with containers, tables and a queue of the test's own.</summary>
public sealed class TrainerTestServices : IDisposable
{
    public const string Tenant = "acme";

    private readonly ServiceProvider _provider;

    public TrainerTestServices(AzuriteFixture azurite, int maxAttempts = 3, double cancelCheckSeconds = 0, int retryDelaySeconds = 0)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelService:Storage:ConnectionString"] = azurite.ConnectionString,
            ["ModelService:Registry:ContainerName"] = TestNames.Container("models"),
            ["ModelService:Training:DatasetsContainer"] = TestNames.Container("datasets"),
            ["ModelService:Training:QueueName"] = TestNames.Container("jobs"),
            ["ModelService:Training:JobsTable"] = TestNames.Table("jobs"),
            ["ModelService:Training:EventsTable"] = TestNames.Table("events"),
            ["ModelService:Tenancy:AuditTable"] = TestNames.Table("audit"),
            ["ModelService:Trainer:Device"] = "cpu",
            ["ModelService:Billing:TrainingPerSecondMicros"] = "250",
            ["ModelService:Energy:TrainingGpuWatts"] = "250",
            ["ModelService:Energy:TrainingCpuWatts"] = "20",
            ["ModelService:Energy:Pue"] = "1.1",
            ["ModelService:Energy:GridGramsCo2ePerKwh"] = "300",
            ["ModelService:Trainer:LeaseSeconds"] = "30",
            ["ModelService:Trainer:HeartbeatSeconds"] = "1",
            ["ModelService:Trainer:MaxAttempts"] = maxAttempts.ToString(CultureInfo.InvariantCulture),
            ["ModelService:Trainer:CancelCheckSeconds"] = cancelCheckSeconds.ToString(CultureInfo.InvariantCulture),
            ["ModelService:Trainer:RetryDelaySeconds"] = retryDelaySeconds.ToString(CultureInfo.InvariantCulture),
        }).Build();
        _provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<HttpPipelinePolicy>(Usage)
            .AddTrainer(configuration)
            .BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>Every usage event this test's trainer sent, and a switch to make sending fail.</summary>
    internal UsageQueueTap Usage { get; } = new();

    public TrainingJobService Jobs => Get<TrainingJobService>();

    public TrainingJobStore Store => Get<TrainingJobStore>();

    public TrainingJobQueue Queue => Get<TrainingJobQueue>();

    public IModelRegistry Registry => Get<IModelRegistry>();

    public T Get<T>()
        where T : notnull => _provider.GetRequiredService<T>();

    public Task UploadAsync(string name, string csv) =>
        Get<DatasetStore>().UploadAsync(Tenant, name, Encoding.UTF8.GetBytes(csv), ModelService.Core.Tenancy.TenantLimits.Defaults, CancellationToken.None);

    public Task<TrainingJob> SubmitAsync(string recipe, string dataset, string label, string model, Dictionary<string, string>? hyperparameters = null, string? keyId = null) =>
        Jobs.SubmitAsync(Tenant, keyId, new TrainingJobRequest(recipe, dataset, label, model, hyperparameters), CancellationToken.None);

    /// <summary>Runs the worker until the queue is empty, as one Container Apps Job execution would.</summary>
    public Task<int> RunTrainerAsync(CancellationToken cancellationToken = default) => Get<TrainerWorker>().RunAsync(cancellationToken);

    public async Task<TrainingJob> JobAsync(string id) => await Jobs.GetAsync(Tenant, id, CancellationToken.None);

    public void Dispose() => _provider.Dispose();
}
