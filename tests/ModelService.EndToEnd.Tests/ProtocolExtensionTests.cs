using System.Net;
using ModelService.Core.Tenancy;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>The v2 extensions stock tools use, through the real worker: binary tensor data, configuration, statistics, repository, metrics.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ProtocolExtensionTests
{
    private const int Width = 100;
    private readonly EndToEndFixture _fixture;

    public ProtocolExtensionTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Binary_tensors_of_ten_thousand_elements_answer_the_same_as_json()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width, offset: 1f));
        var x = Enumerable.Range(0, 100 * Width).Select(i => (i % 97) * 0.25f).ToArray();

        using var binary = await _fixture.Http.PostAsync($"v2/models/{name}/infer", BinaryV2.Request(x, rows: 100, id: "bin"));
        using var json = await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest(x, rows: 100)));

        Assert.Equal("application/octet-stream", binary.Content.Headers.ContentType?.MediaType);
        var (header, data) = await BinaryV2.ReadAsync(binary);
        Assert.Equal("bin", header.GetProperty("id").GetString());
        Assert.Equal([100L, Width], header.GetProperty("outputs")[0].GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        var expected = (await V2.ReadJsonAsync(json, HttpStatusCode.OK)).GetProperty("outputs")[0].GetProperty("data").EnumerateArray().Select(e => e.GetSingle());
        Assert.Equal(expected, data);
        Assert.Equal(x.Select((v, i) => v + 1f + (i % Width)), data);
    }

    [Fact]
    public async Task An_error_echoes_the_request_id()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width));

        using var response = await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f, 2f], rows: 1, id: "wrong-shape")));

        var body = await V2.ReadJsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("wrong-shape", body.GetProperty("id").GetString());
        Assert.Contains("'x'", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Server_metadata_lists_the_extensions()
    {
        var body = await V2.ReadJsonAsync(await _fixture.Http.GetAsync("v2"), HttpStatusCode.OK);

        var extensions = body.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()).ToArray();
        Assert.Contains("binary_tensor_data", extensions);
        Assert.Contains("statistics", extensions);
        Assert.Contains("model_repository", extensions);
    }

    [Fact]
    public async Task Config_is_triton_shaped_for_the_latest_and_a_version()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width));
        await _fixture.PublishAsync(TestModels.AddBias(Width), version: 2, name: name);

        var latest = await V2.ReadJsonAsync(await _fixture.Http.GetAsync($"v2/models/{name}/config"), HttpStatusCode.OK);
        var first = await V2.ReadJsonAsync(await _fixture.Http.GetAsync($"v2/models/{name}/versions/1/config"), HttpStatusCode.OK);

        Assert.Equal(name, latest.GetProperty("name").GetString());
        Assert.Equal("onnxruntime_onnx", latest.GetProperty("platform").GetString());
        Assert.Equal(0, latest.GetProperty("max_batch_size").GetInt32());
        var input = latest.GetProperty("input")[0];
        Assert.Equal("TYPE_FP32", input.GetProperty("data_type").GetString());
        Assert.Equal([-1L, Width], input.GetProperty("dims").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(["2"], latest.GetProperty("version_policy").GetProperty("specific").GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(["1"], first.GetProperty("version_policy").GetProperty("specific").GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
    }

    [Fact]
    public async Task Statistics_count_successes_and_failures_per_version()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width));
        var x = new float[Width];
        (await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest(x, rows: 1)))).EnsureSuccessStatusCode();
        (await _fixture.Http.PostAsync($"v2/models/{name}/infer", BinaryV2.Request([.. x, .. x], rows: 2))).EnsureSuccessStatusCode();
        await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f], rows: 1)));

        var body = await V2.ReadJsonAsync(await _fixture.Http.GetAsync($"v2/models/{name}/versions/1/stats"), HttpStatusCode.OK);
        var all = await V2.ReadJsonAsync(await _fixture.Http.GetAsync("v2/models/stats"), HttpStatusCode.OK);

        var stat = body.GetProperty("model_stats").EnumerateArray().Single();
        Assert.Equal("1", stat.GetProperty("version").GetString());
        Assert.Equal(3, stat.GetProperty("inference_count").GetInt64());
        Assert.Equal(2, stat.GetProperty("execution_count").GetInt64());
        var stats = stat.GetProperty("inference_stats");
        Assert.Equal(2, stats.GetProperty("success").GetProperty("count").GetInt64());
        Assert.True(stats.GetProperty("success").GetProperty("ns").GetInt64() > 0);
        Assert.Equal(1, stats.GetProperty("fail").GetProperty("count").GetInt64());
        Assert.Equal(2, stats.GetProperty("compute_infer").GetProperty("count").GetInt64());
        Assert.Contains(all.GetProperty("model_stats").EnumerateArray(), s => s.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task Repository_index_load_and_unload_need_the_manage_scope()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width));
        using var inferOnly = _fixture.Client(await _fixture.CreateKeyAsync(ApiKeyScopes.Infer));

        Assert.Equal(HttpStatusCode.Forbidden, (await inferOnly.PostAsync($"v2/repository/models/{name}/load", null)).StatusCode);
        var loaded = await _fixture.Http.PostAsync($"v2/repository/models/{name}/load", null);
        var ready = await V2.ReadJsonAsync(await _fixture.Http.PostAsync("v2/repository/index", V2.Json("""{"ready":true}""")), HttpStatusCode.OK);
        var unloaded = await _fixture.Http.PostAsync($"v2/repository/models/{name}/unload", null);
        var after = await V2.ReadJsonAsync(await _fixture.Http.PostAsync("v2/repository/index", null), HttpStatusCode.OK);

        Assert.Equal(HttpStatusCode.OK, loaded.StatusCode);
        Assert.Contains(ready.EnumerateArray(), m => m.GetProperty("name").GetString() == name && m.GetProperty("state").GetString() == "READY");
        Assert.Equal(HttpStatusCode.OK, unloaded.StatusCode);
        Assert.Equal("UNAVAILABLE", after.EnumerateArray().Single(m => m.GetProperty("name").GetString() == name).GetProperty("state").GetString());
        await V2.ErrorAsync(await _fixture.Http.PostAsync("v2/repository/models/no-such-model/load", null), HttpStatusCode.NotFound, "no-such-model");
    }

    [Fact]
    public async Task Metrics_are_prometheus_text_behind_the_manage_scope()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(Width));
        (await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest(new float[Width], rows: 1)))).EnsureSuccessStatusCode();
        using var inferOnly = _fixture.Client(await _fixture.CreateKeyAsync(ApiKeyScopes.Infer));

        using var response = await _fixture.Http.GetAsync("metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await inferOnly.GetAsync("metrics")).StatusCode);
        Assert.Contains("# TYPE modelsvc_inference_requests_total counter", text, StringComparison.Ordinal);
        Assert.Contains($"modelsvc_inference_requests_total{{model=\"{name}\",outcome=\"ok\",version=\"1\"}} 1", text, StringComparison.Ordinal);
        Assert.Contains("modelsvc_inference_duration_seconds_bucket", text, StringComparison.Ordinal);
    }
}
