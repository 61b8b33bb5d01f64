using System.Security.Cryptography;
using System.Text.Json;
using ModelService.Core.Errors;
using ModelService.Core.Registry;
using ModelService.Testing;

namespace ModelService.Core.Tests.Registry;

[Collection(AzuriteCollection.Name)]
public sealed class RegistryPublishTests : IDisposable
{
    private readonly CoreTestServices _services;
    private readonly IModelRegistry _registry;
    private readonly string _modelFile = TestModels.WriteTemporary(TestModels.AddBias(3));

    public RegistryPublishTests(AzuriteFixture azurite)
    {
        _services = new CoreTestServices(azurite);
        _registry = _services.Get<IModelRegistry>();
    }

    [Fact]
    public async Task Published_manifest_describes_the_file_and_its_signature()
    {
        var name = TestNames.Model("add");
        var before = DateTimeOffset.UtcNow;
        var published = await _registry.PublishAsync(
            new ModelPublication { Name = name, Version = 1, Pricing = new ModelPricing(2_000, 10), Card = new ModelCard("adds a bias", "tests", "none", "MIT") },
            _modelFile,
            null,
            CancellationToken.None);

        var manifest = await _registry.GetManifestAsync(name, VersionSelector.ForNumber(1), CancellationToken.None);
        Assert.Equal(JsonSerializer.Serialize(published, RegistryJson.Options), JsonSerializer.Serialize(manifest, RegistryJson.Options));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(_modelFile))), manifest.Sha256);
        Assert.Equal(new FileInfo(_modelFile).Length, manifest.SizeBytes);
        var input = Assert.Single(manifest.Inputs);
        Assert.Equal(("x", "FP32"), (input.Name, input.Datatype));
        Assert.Equal([-1L, 3L], input.Shape);
        Assert.Equal("y", Assert.Single(manifest.Outputs).Name);
        Assert.Equal("none", manifest.Quantization);
        Assert.Equal(new ModelPricing(2_000, 10), manifest.Pricing);
        Assert.Equal("adds a bias", manifest.Card.Description);
        Assert.Equal(17, manifest.Onnx.Opsets["ai.onnx"]);
        Assert.InRange(manifest.CreatedAt, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Publishing_an_existing_version_is_a_conflict_and_keeps_the_original()
    {
        var name = TestNames.Model("add");
        var original = await PublishAsync(name, 1);
        var other = TestModels.WriteTemporary(TestModels.AddBias(3, offset: 7f));

        var error = await Assert.ThrowsAsync<ModelServiceException>(() => PublishAsync(name, 1, other));

        Assert.Equal(ErrorCode.Conflict, error.Code);
        Assert.Equal(original.Sha256, (await _registry.GetManifestAsync(name, VersionSelector.ForNumber(1), CancellationToken.None)).Sha256);
    }

    [Fact]
    public async Task Publishing_without_a_version_takes_the_next_number()
    {
        var name = TestNames.Model("add");
        await PublishAsync(name, 4);

        var next = await PublishAsync(name, null);

        Assert.Equal(5, next.Version);
        Assert.Equal([4, 5], await _registry.ListVersionsAsync(name, CancellationToken.None));
    }

    [Fact]
    public async Task Concurrent_publishers_of_one_version_end_with_exactly_one_winner()
    {
        var name = TestNames.Model("race");
        var files = Enumerable.Range(0, 4).Select(i => TestModels.WriteTemporary(TestModels.AddBias(3, offset: i))).ToArray();

        var outcomes = await Task.WhenAll(files.Select(async file =>
        {
            try
            {
                return (await PublishAsync(name, 1, file)).Sha256;
            }
            catch (ModelServiceException exception) when (exception.Code == ErrorCode.Conflict)
            {
                return null;
            }
        }));

        var winner = Assert.Single(outcomes, sha => sha is not null);
        Assert.Equal(winner, (await _registry.GetManifestAsync(name, VersionSelector.ForNumber(1), CancellationToken.None)).Sha256);
        using var stored = new MemoryStream();
        var manifest = await _registry.GetManifestAsync(name, VersionSelector.Latest, CancellationToken.None);
        await _registry.DownloadModelAsync(manifest, stored, CancellationToken.None);
        Assert.Equal(winner, Convert.ToHexStringLower(SHA256.HashData(stored.ToArray())));
    }

    [Fact]
    public async Task A_file_onnx_runtime_cannot_load_is_refused_as_an_invalid_model()
    {
        var garbage = TestModels.WriteTemporary([1, 2, 3, 4, 5, 6, 7, 8]);

        var error = await Assert.ThrowsAsync<ModelServiceException>(() => PublishAsync(TestNames.Model("bad"), 1, garbage));

        Assert.Equal(ErrorCode.InvalidModel, error.Code);
    }

    [Fact]
    public async Task A_batch_input_is_kept_in_the_manifest_and_one_the_model_lacks_is_refused()
    {
        var name = TestNames.Model("batch");

        var kept = await _registry.PublishAsync(new ModelPublication { Name = name, BatchInput = "x" }, _modelFile, null, CancellationToken.None);
        var refused = await Assert.ThrowsAsync<ModelServiceException>(() => _registry.PublishAsync(new ModelPublication { Name = name, BatchInput = "nope" }, _modelFile, null, CancellationToken.None));

        Assert.Equal("x", (await _registry.GetManifestAsync(name, VersionSelector.Latest, CancellationToken.None)).Signature.BatchInput);
        Assert.Equal("x", kept.BatchInput);
        Assert.Equal(ErrorCode.InvalidRequest, refused.Code);
        Assert.Equal([1], await _registry.ListVersionsAsync(name, CancellationToken.None));
    }

    [Theory]
    [InlineData("../etc")]
    [InlineData("Upper")]
    [InlineData("a/b")]
    [InlineData("")]
    [InlineData(".hidden")]
    [InlineData("name with space")]
    public async Task Names_outside_the_alphabet_are_refused(string name)
    {
        var error = await Assert.ThrowsAsync<ModelServiceException>(() => PublishAsync(name, 1));

        Assert.Equal(ErrorCode.InvalidModelReference, error.Code);
    }

    public void Dispose()
    {
        _services.Dispose();
        File.Delete(_modelFile);
    }

    private Task<ModelManifest> PublishAsync(string name, int? version, string? file = null) =>
        _registry.PublishAsync(new ModelPublication { Name = name, Version = version }, file ?? _modelFile, null, CancellationToken.None);
}
