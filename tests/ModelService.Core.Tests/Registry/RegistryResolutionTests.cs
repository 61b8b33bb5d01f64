using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using ModelService.Core.Errors;
using ModelService.Core.Registry;
using ModelService.Testing;

namespace ModelService.Core.Tests.Registry;

[Collection(AzuriteCollection.Name)]
public sealed class RegistryResolutionTests : IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly CoreTestServices _services;
    private readonly IModelRegistry _registry;
    private readonly string _modelFile = TestModels.WriteTemporary(TestModels.AddBias(2));

    public RegistryResolutionTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _services = new CoreTestServices(azurite);
        _registry = _services.Get<IModelRegistry>();
    }

    [Fact]
    public async Task Latest_is_the_highest_version()
    {
        var name = await PublishVersionsAsync(1, 3, 2);

        var latest = await _registry.GetManifestAsync(name, VersionSelector.Latest, CancellationToken.None);

        Assert.Equal(3, latest.Version);
    }

    [Fact]
    public async Task An_alias_resolves_to_the_version_it_was_set_to_and_can_move()
    {
        var name = await PublishVersionsAsync(1, 2);
        await _registry.SetAliasAsync(name, "prod", 1, CancellationToken.None);
        Assert.Equal(1, (await _registry.GetManifestAsync(name, VersionSelector.ForAlias("prod"), CancellationToken.None)).Version);

        await _registry.SetAliasAsync(name, "prod", 2, CancellationToken.None);

        Assert.Equal(2, (await _registry.GetManifestAsync(name, VersionSelector.ForAlias("prod"), CancellationToken.None)).Version);
    }

    [Fact]
    public async Task Concurrent_alias_updates_lose_none()
    {
        var name = await PublishVersionsAsync(1, 2);
        var aliases = Enumerable.Range(0, 12).Select(i => $"a{i}").ToArray();

        await Task.WhenAll(aliases.Select((alias, i) => _registry.SetAliasAsync(name, alias, 1 + (i % 2), CancellationToken.None)));

        var stored = await _registry.GetAliasesAsync(name, CancellationToken.None);
        Assert.Equal(aliases.Order(StringComparer.Ordinal), stored.Keys.Order(StringComparer.Ordinal));
        Assert.All(aliases.Select((alias, i) => (alias, i)), pair => Assert.Equal(1 + (pair.i % 2), stored[pair.alias]));
    }

    [Fact]
    public async Task Unknown_model_version_or_alias_is_not_found()
    {
        var name = await PublishVersionsAsync(1);

        foreach (var (model, selector) in new[]
                 {
                     (TestNames.Model("missing"), VersionSelector.Latest),
                     (name, VersionSelector.ForNumber(9)),
                     (name, VersionSelector.ForAlias("nope")),
                 })
        {
            var error = await Assert.ThrowsAsync<ModelServiceException>(() => _registry.GetManifestAsync(model, selector, CancellationToken.None));
            Assert.Equal(ErrorCode.ModelNotFound, error.Code);
        }
    }

    [Fact]
    public async Task An_alias_cannot_point_at_a_missing_version_nor_be_named_latest()
    {
        var name = await PublishVersionsAsync(1);

        var missing = await Assert.ThrowsAsync<ModelServiceException>(() => _registry.SetAliasAsync(name, "prod", 5, CancellationToken.None));
        var latest = await Assert.ThrowsAsync<ModelServiceException>(() => _registry.SetAliasAsync(name, "latest", 1, CancellationToken.None));

        Assert.Equal(ErrorCode.ModelNotFound, missing.Code);
        Assert.Equal(ErrorCode.InvalidModelReference, latest.Code);
    }

    [Fact]
    public async Task Listing_shows_every_model_with_versions_and_aliases()
    {
        var first = await PublishVersionsAsync(1, 2);
        var second = await PublishVersionsAsync(1);
        await _registry.SetAliasAsync(first, "prod", 1, CancellationToken.None);

        var models = await _registry.ListModelsAsync(CancellationToken.None);

        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), models.Select(m => m.Name).Order(StringComparer.Ordinal));
        var summary = models.Single(m => m.Name == first);
        Assert.Equal([1, 2], summary.Versions);
        Assert.Equal(1, summary.Aliases["prod"]);
    }

    [Fact]
    public async Task A_retried_publish_of_the_same_bytes_completes_an_unfinished_version()
    {
        var name = TestNames.Model("retry");
        await UploadOrphanAsync(name, File.ReadAllBytes(_modelFile), await ModelFileAnalyzer.ComputeSha256Async(_modelFile, CancellationToken.None));

        var manifest = await _registry.PublishAsync(new ModelPublication { Name = name, Version = 1 }, _modelFile, null, CancellationToken.None);

        Assert.Equal(1, manifest.Version);
        Assert.Equal([1], await _registry.ListVersionsAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task A_recent_unfinished_upload_of_other_bytes_is_not_overwritten()
    {
        var name = TestNames.Model("busy");
        await UploadOrphanAsync(name, [9, 9, 9], "0000");

        var error = await Assert.ThrowsAsync<ModelServiceException>(
            () => _registry.PublishAsync(new ModelPublication { Name = name, Version = 1 }, _modelFile, null, CancellationToken.None));

        Assert.Equal(ErrorCode.Conflict, error.Code);
    }

    public void Dispose()
    {
        _services.Dispose();
        File.Delete(_modelFile);
    }

    private async Task UploadOrphanAsync(string name, byte[] content, string sha256)
    {
        var container = new BlobContainerClient(_azurite.ConnectionString, _services.ContainerName);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient($"{name}/1/model.onnx").UploadAsync(
            BinaryData.FromBytes(content),
            new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["sha256"] = sha256 } });
    }

    private async Task<string> PublishVersionsAsync(params int[] versions)
    {
        var name = TestNames.Model("res");
        foreach (var version in versions)
        {
            await _registry.PublishAsync(new ModelPublication { Name = name, Version = version }, _modelFile, null, CancellationToken.None);
        }

        return name;
    }
}
