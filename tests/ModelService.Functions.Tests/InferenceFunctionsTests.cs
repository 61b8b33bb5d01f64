using System.Globalization;
using System.Text.Json;
using Azure.Storage.Blobs;
using ModelService.Core.Caching;
using ModelService.Core.Registry;
using ModelService.Functions.Health;
using ModelService.Functions.Inference;
using ModelService.Testing;

namespace ModelService.Functions.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class InferenceFunctionsTests : IAsyncLifetime
{
    private const int Width = 3;
    private readonly AzuriteFixture _azurite;
    private readonly FunctionsTestServices _services;
    private readonly InferFunctions _infer;
    private readonly ModelMetadataFunctions _metadata;

    public InferenceFunctionsTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _services = new FunctionsTestServices(azurite, maxRequestBytes: 4096);
        _infer = _services.Create<InferFunctions>();
        _metadata = _services.Create<ModelMetadataFunctions>();
    }

    [Fact]
    public async Task Infer_returns_the_models_outputs_for_a_v2_request()
    {
        var name = await PublishAsync(1, offset: 10f);
        float[] x = [1.5f, -2f, 0.25f, 3f, 4f, 5f];

        var result = await _services.CallAsync(() => _infer.Infer(_services.PostRequest(Request(x, rows: 2, id: "call-1")), name));

        var body = ResultAssert.Json(result, 200);
        Assert.Equal(name, body.GetProperty("model_name").GetString());
        Assert.Equal("1", body.GetProperty("model_version").GetString());
        Assert.Equal("call-1", body.GetProperty("id").GetString());
        var output = body.GetProperty("outputs")[0];
        Assert.Equal("y", output.GetProperty("name").GetString());
        Assert.Equal([2, Width], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        var expected = x.Select((value, i) => value + 10f + (i % Width)).ToArray();
        Assert.Equal(expected, output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
    }

    [Fact]
    public async Task Versions_and_aliases_select_which_model_answers()
    {
        var name = await PublishAsync(1, offset: 0f);
        await PublishAsync(2, offset: 100f, name);
        await _services.Get<IModelRegistry>().SetAliasAsync(name, "prod", 1, CancellationToken.None);
        var request = Request([0f, 0f, 0f], rows: 1);

        var latest = ResultAssert.Json(await _services.CallAsync(() => _infer.Infer(_services.PostRequest(request), name)), 200);
        var pinned = ResultAssert.Json(await _services.CallAsync(() => _infer.InferVersion(_services.PostRequest(request), name, "1")), 200);
        var aliased = ResultAssert.Json(await _services.CallAsync(() => _infer.InferVersion(_services.PostRequest(request), name, "prod")), 200);

        Assert.Equal(100f, FirstValue(latest));
        Assert.Equal(0f, FirstValue(pinned));
        Assert.Equal(0f, FirstValue(aliased));
        Assert.Equal("1", aliased.GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task Metadata_lists_versions_inputs_and_outputs()
    {
        var name = await PublishAsync(1, 0f);
        await PublishAsync(2, 0f, name);

        var body = ResultAssert.Json(await _services.CallAsync(() => _metadata.Metadata(_services.GetRequest(), name)), 200);

        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.Equal("onnxruntime_onnx", body.GetProperty("platform").GetString());
        Assert.Equal(["1", "2"], body.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        var input = body.GetProperty("inputs")[0];
        Assert.Equal("x", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1L, Width], input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
    }

    [Fact]
    public async Task Ready_loads_the_model_so_the_next_call_is_warm()
    {
        var name = await PublishAsync(1, 0f);
        var cache = _services.Get<ModelSessionCache>();

        var body = ResultAssert.Json(await _services.CallAsync(() => _metadata.VersionReady(_services.GetRequest(), name, "1")), 200);

        Assert.True(body.GetProperty("ready").GetBoolean());
        Assert.Equal(1, cache.CachedCount);
    }

    [Fact]
    public async Task Unknown_models_versions_and_aliases_are_404()
    {
        var name = await PublishAsync(1, 0f);

        ResultAssert.Error(await _services.CallAsync(() => _infer.Infer(_services.PostRequest(Request(new[] { 1f, 2f, 3f }, 1)), "no-such-model")), 404, "no-such-model");
        ResultAssert.Error(await _services.CallAsync(() => _infer.InferVersion(_services.PostRequest(Request(new[] { 1f, 2f, 3f }, 1)), name, "7")), 404, "version 7");
        ResultAssert.Error(await _services.CallAsync(() => _metadata.VersionMetadata(_services.GetRequest(), name, "canary")), 404, "canary");
        ResultAssert.Error(await _services.CallAsync(() => _metadata.Ready(_services.GetRequest(), "no-such-model")), 404, "no-such-model");
    }

    [Theory]
    [InlineData("Bad.Name", null, "name")]
    [InlineData("..", null, "name")]
    [InlineData("good", "0", "version")]
    [InlineData("good", "-1", "alias")]
    [InlineData("good", "99999999999", "version")]
    public async Task Malformed_names_and_versions_are_400(string model, string? version, string fragment)
    {
        var request = _services.PostRequest(Request([1f, 2f, 3f], 1));

        var result = version is null ? await _services.CallAsync(() => _infer.Infer(request, model)) : await _services.CallAsync(() => _infer.InferVersion(request, model, version));

        ResultAssert.Error(result, 400, fragment);
    }

    [Fact]
    public async Task Malformed_json_is_400()
    {
        var name = await PublishAsync(1, 0f);

        ResultAssert.Error(await _services.CallAsync(() => _infer.Infer(_services.PostRequest("{\"inputs\": [ {\"name\": "), name)), 400, "json");
    }

    [Fact]
    public async Task A_request_that_does_not_match_the_model_is_400_naming_the_tensor()
    {
        var name = await PublishAsync(1, 0f);
        var wrongShape = """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""";
        var wrongType = """{"inputs":[{"name":"x","shape":[1,3],"datatype":"INT64","data":[1,2,3]}]}""";
        var unknown = """{"inputs":[{"name":"z","shape":[1,3],"datatype":"FP32","data":[1,2,3]}]}""";

        ResultAssert.Error(await _services.CallAsync(() => _infer.Infer(_services.PostRequest(wrongShape), name)), 400, "x");
        ResultAssert.Error(await _services.CallAsync(() => _infer.Infer(_services.PostRequest(wrongType), name)), 400, "x");
        ResultAssert.Error(await _services.CallAsync(() => _infer.Infer(_services.PostRequest(unknown), name)), 400, "z");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_body_over_the_limit_is_413_with_or_without_content_length(bool chunked)
    {
        var name = await PublishAsync(1, 0f);
        var huge = Request(Enumerable.Repeat(1.25f, 3000).ToArray(), rows: 1000);

        var result = await _services.CallAsync(() => _infer.Infer(_services.Request("POST", System.Text.Encoding.UTF8.GetBytes(huge), chunked), name));

        ResultAssert.Error(result, 413, "4096");
    }

    [Fact]
    public async Task A_model_that_fails_its_integrity_check_is_503()
    {
        var name = await PublishAsync(1, 0f);
        await new BlobContainerClient(_azurite.ConnectionString, _services.ContainerName)
            .GetBlobClient($"{name}/1/model.onnx").UploadAsync(BinaryData.FromBytes(TestModels.AddBias(Width, 5f)), overwrite: true);

        ResultAssert.Error(await _services.CallAsync(() => _infer.Infer(_services.PostRequest(Request(new[] { 1f, 2f, 3f }, 1)), name)), 503, "integrity");
    }

    [Fact]
    public async Task Health_routes_answer_without_a_model()
    {
        var health = _services.Create<HealthFunctions>();

        Assert.True(ResultAssert.Json(await _services.CallSyncAsync(() => health.Live(_services.GetRequest())), 200).GetProperty("live").GetBoolean());
        Assert.True(ResultAssert.Json(await _services.CallAsync(() => health.Ready(_services.GetRequest())), 200).GetProperty("ready").GetBoolean());
        Assert.Equal("modelsvc", ResultAssert.Json(await _services.CallSyncAsync(() => health.Metadata(_services.GetRequest())), 200).GetProperty("name").GetString());
    }

    public Task InitializeAsync() => _services.CreateTenantAsync();

    public Task DisposeAsync()
    {
        _services.Dispose();
        return Task.CompletedTask;
    }

    private static float FirstValue(JsonElement body) => body.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle();

    private static string Request(float[] x, int rows, string? id = null) =>
        JsonSerializer.Serialize(new
        {
            id,
            inputs = new[] { new { name = "x", shape = new[] { rows, x.Length / rows }, datatype = "FP32", data = x } },
        });

    private async Task<string> PublishAsync(int version, float offset, string? name = null)
    {
        name ??= TestNames.Model("fn");
        var file = TestModels.WriteTemporary(TestModels.AddBias(Width, offset));
        try
        {
            await _services.Get<IModelRegistry>().PublishAsync(new ModelPublication { Name = name, Version = version }, file, null, CancellationToken.None);
            return name;
        }
        finally
        {
            File.Delete(file);
        }
    }
}
