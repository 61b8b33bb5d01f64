using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using ModelService.Core.Storage;
using ModelService.Core.Tests.Billing;
using ModelService.Testing;

namespace ModelService.Core.Tests;

/// <summary>The start-up provisioner creates what every entry point declared, and keeps trying past failures.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageProvisionerTests
{
    private readonly AzuriteFixture _azurite;

    public StorageProvisionerTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    [Fact]
    public async Task Every_declared_container_table_and_queue_exists_after_provisioning_even_when_the_first_attempts_fail()
    {
        var faults = new LostResponsePolicy { BeforeSending = true, Matches = _ => true };
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var provider = Services(faults, time);
        var provisioner = provider.GetRequiredService<StorageProvisioner>();
        faults.FailNext(3);

        var run = provisioner.ProvisionAsync(CancellationToken.None);
        for (var i = 0; i < 1_000 && !run.IsCompleted; i++)
        {
            // Back-off waits on the fake clock: move it on until the retries have run.
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(10);
        }

        await run;
        Assert.Equal(3, faults.Injected);
        Assert.Equal(19, provisioner.Resources.Count);
        foreach (var resource in provisioner.Resources)
        {
            Assert.True(await ExistsAsync(resource), $"{resource.Kind} {resource.Name} was not created.");
        }
    }

    [Fact]
    public void The_function_apps_entry_points_declare_each_resource_once_and_the_provisioner_is_a_hosted_service()
    {
        using var provider = Services(null, TimeProvider.System);

        var resources = provider.GetRequiredService<StorageProvisioner>().Resources;

        Assert.Equal(resources.Count, resources.Distinct().Count());
        Assert.Contains(StorageResource.Queue("inference-requests-poison"), resources);
        Assert.Contains(StorageResource.Queue("webhook-deliveries-poison"), resources);
        Assert.Contains(provider.GetServices<IHostedService>(), service => service is StorageProvisioner);
    }

    private ServiceProvider Services(Azure.Core.Pipeline.HttpPipelinePolicy? faults, TimeProvider time)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ModelService:Storage:ConnectionString"] = _azurite.ConnectionString,
            ["ModelService:Storage:MaxRetries"] = "0",
            ["ModelService:Registry:ContainerName"] = TestNames.Container("models"),
            ["ModelService:Tenancy:TenantsTable"] = TestNames.Table("tenants"),
            ["ModelService:Tenancy:KeysTable"] = TestNames.Table("keys"),
            ["ModelService:Tenancy:AuditTable"] = TestNames.Table("audit"),
            ["ModelService:Billing:UsageTable"] = TestNames.Table("usage"),
            ["ModelService:Predictions:Table"] = TestNames.Table("predictions"),
            ["ModelService:Predictions:Container"] = TestNames.Container("predictions"),
            ["ModelService:Training:JobsTable"] = TestNames.Table("jobs"),
            ["ModelService:Training:EventsTable"] = TestNames.Table("events"),
            ["ModelService:Training:QueueName"] = TestNames.Container("jobs"),
            ["ModelService:Training:DatasetsContainer"] = TestNames.Container("datasets"),
        }).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton(time).AddPredictions(configuration).AddTrainingJobs(configuration).AddStorageProvisioner();
        if (faults is not null)
        {
            services.AddSingleton(faults);
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private async Task<bool> ExistsAsync(StorageResource resource) => resource.Kind switch
    {
        StorageResourceKind.BlobContainer => (await new BlobContainerClient(_azurite.ConnectionString, resource.Name).ExistsAsync()).Value,
        StorageResourceKind.Queue => (await new QueueClient(_azurite.ConnectionString, resource.Name).ExistsAsync()).Value,
        _ => await new TableServiceClient(_azurite.ConnectionString).QueryAsync(t => t.Name == resource.Name).AnyAsync(),
    };
}
