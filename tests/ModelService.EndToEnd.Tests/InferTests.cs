using System.Net;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>Inference through HTTP with real outputs (these need the v2 inference engine in Core).</summary>
[Collection(EndToEndCollection.Name)]
public sealed class InferTests
{
    private const int Width = 3;
    private readonly EndToEndFixture _fixture;

    public InferTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Infer_returns_y_equals_x_plus_bias()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width, offset: 10f));
        float[] x = [1.5f, -2f, 0.25f, 3f, 4f, 5f];

        using var response = await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest(x, rows: 2, id: "call-1")));

        var body = await V2.ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(name, body.GetProperty("model_name").GetString());
        Assert.Equal("1", body.GetProperty("model_version").GetString());
        Assert.Equal("call-1", body.GetProperty("id").GetString());
        var output = body.GetProperty("outputs")[0];
        Assert.Equal("y", output.GetProperty("name").GetString());
        Assert.Equal("FP32", output.GetProperty("datatype").GetString());
        Assert.Equal([2L, Width], output.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(x.Select((v, i) => v + 10f + (i % Width)), output.GetProperty("data").EnumerateArray().Select(e => e.GetSingle()));
    }

    [Fact]
    public async Task Versions_and_aliases_pick_the_model_that_answers()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width, 0f), aliases: "prod");
        await _fixture.PublishAsync(TestModels.AddBias(Width, 100f), version: 2, name: name);
        var request = V2.InferRequest([0f, 0f, 0f], rows: 1);

        var latest = await V2.ReadJsonAsync(await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json(request)), HttpStatusCode.OK);
        var pinned = await V2.ReadJsonAsync(await _fixture.Http.PostAsync($"v2/models/{name}/versions/1/infer", V2.Json(request)), HttpStatusCode.OK);
        var aliased = await V2.ReadJsonAsync(await _fixture.Http.PostAsync($"v2/models/{name}/versions/prod/infer", V2.Json(request)), HttpStatusCode.OK);

        Assert.Equal(100f, First(latest));
        Assert.Equal(0f, First(pinned));
        Assert.Equal(0f, First(aliased));
        Assert.Equal("1", aliased.GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task Concurrent_requests_each_get_their_own_answer()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width, 0f));

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            var request = V2.InferRequest([i, i, i], rows: 1, id: $"call-{i}");
            var body = await V2.ReadJsonAsync(await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json(request)), HttpStatusCode.OK);
            return (Id: body.GetProperty("id").GetString(), Value: First(body), Expected: (float)i);
        }));

        Assert.All(answers, a => Assert.Equal(a.Expected, a.Value));
        Assert.Equal(16, answers.Select(a => a.Id).Distinct().Count());
    }

    private static float First(System.Text.Json.JsonElement body) => body.GetProperty("outputs")[0].GetProperty("data")[0].GetSingle();
}
