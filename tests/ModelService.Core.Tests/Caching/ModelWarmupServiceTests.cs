using Microsoft.Extensions.Hosting;
using ModelService.Core.Caching;
using ModelService.Core.Registry;
using ModelService.Testing;

namespace ModelService.Core.Tests.Caching;

[Collection(AzuriteCollection.Name)]
public sealed class ModelWarmupServiceTests
{
    private readonly AzuriteFixture _azurite;

    public ModelWarmupServiceTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
    }

    [Fact]
    public async Task Configured_models_are_loaded_in_the_background_and_bad_entries_do_not_stop_the_rest()
    {
        using var publisher = new CoreTestServices(_azurite);
        var manifest = await CacheTestModels.PublishAsync(publisher.Get<IModelRegistry>(), 8);
        using var services = new CoreTestServices(_azurite, containerName: publisher.ContainerName, settings: new Dictionary<string, string?>
        {
            ["ModelService:Cache:WarmupModels:0"] = "not-published",
            ["ModelService:Cache:WarmupModels:1"] = "Invalid Name",
            ["ModelService:Cache:WarmupModels:2"] = $"{manifest.Name}:1",
        });
        var cache = services.Get<ModelSessionCache>();
        var hosted = services.Get<IEnumerable<IHostedService>>().OfType<ModelWarmupService>().Single();

        await hosted.StartAsync(CancellationToken.None);
        await CacheTestModels.WaitUntilAsync(() => cache.IsWarm(manifest));
        await hosted.StopAsync(CancellationToken.None);

        Assert.True(cache.IsWarm(manifest));
        Assert.Equal(1, cache.Statistics.SessionsCreated);
    }
}
