using System.Net;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

[Collection(EndToEndCollection.Name)]
public sealed class ModelMetadataTests
{
    private const int Width = 3;
    private readonly EndToEndFixture _fixture;

    public ModelMetadataTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Metadata_lists_versions_inputs_and_outputs()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width));
        await _fixture.PublishAsync(TestModels.AddBias(Width, 1f), version: 2, name: name);

        var body = await V2.ReadJsonAsync(await _fixture.Http.GetAsync($"v2/models/{name}"), HttpStatusCode.OK);

        Assert.Equal(name, body.GetProperty("name").GetString());
        Assert.Equal("onnxruntime_onnx", body.GetProperty("platform").GetString());
        Assert.Equal(["1", "2"], body.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        var input = body.GetProperty("inputs")[0];
        Assert.Equal("x", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1L, Width], input.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("y", body.GetProperty("outputs")[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Version_metadata_answers_for_a_version_and_an_alias()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width), aliases: "prod");

        var byVersion = await V2.ReadJsonAsync(await _fixture.Http.GetAsync($"v2/models/{name}/versions/1"), HttpStatusCode.OK);
        var byAlias = await V2.ReadJsonAsync(await _fixture.Http.GetAsync($"v2/models/{name}/versions/prod"), HttpStatusCode.OK);

        Assert.Equal(name, byVersion.GetProperty("name").GetString());
        Assert.Equal(name, byAlias.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Ready_loads_the_model_and_answers_true()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width));

        var latest = await V2.ReadJsonAsync(await _fixture.Http.GetAsync($"v2/models/{name}/ready"), HttpStatusCode.OK);
        var pinned = await V2.ReadJsonAsync(await _fixture.Http.GetAsync($"v2/models/{name}/versions/1/ready"), HttpStatusCode.OK);

        Assert.True(latest.GetProperty("ready").GetBoolean());
        Assert.True(pinned.GetProperty("ready").GetBoolean());
        Assert.Equal("1", pinned.GetProperty("version").GetString());
    }
}
