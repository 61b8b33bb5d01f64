using ModelService.Core.Registry;
using ModelService.Core.Serving;
using ModelService.Testing;

namespace ModelService.Core.Tests.Tenancy;

[Collection(AzuriteCollection.Name)]
public sealed class ModelListingTests(AzuriteFixture azurite) : IDisposable
{
    private readonly CoreTestServices _services = new(azurite);

    [Fact]
    public async Task A_tenant_lists_exactly_the_public_models_and_its_own_private_ones()
    {
        await PublishAsync("public-a", owner: null);
        await PublishAsync("public-a", owner: null);
        await PublishAsync("acme-own", owner: "acme");
        await PublishAsync("globex-own", owner: "globex");

        var acme = await _services.Get<ModelServing>().ListAsync("acme", CancellationToken.None);
        var globex = await _services.Get<ModelServing>().ListAsync("globex", CancellationToken.None);

        Assert.Equal([("acme-own", true, 1), ("public-a", false, 2)], acme.Select(m => (m.Name, m.Private, m.LatestVersion)).OrderBy(m => m.Name));
        Assert.Equal(["globex-own", "public-a"], globex.Select(m => m.Name).Order());
        Assert.Equal([1, 2], acme.Single(m => m.Name == "public-a").Versions);
    }

    public void Dispose() => _services.Dispose();

    private async Task PublishAsync(string name, string? owner)
    {
        var file = TestModels.WriteTemporary(TestModels.AddBias(2, 1f));
        try
        {
            await _services.Get<IModelRegistry>().PublishAsync(new ModelPublication { Name = name, Owner = owner }, file, null, CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
