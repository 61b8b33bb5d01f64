using System.Net;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>Every answer, success or error, carries a request id: the client's own, its trace's, or a new one; error bodies repeat it.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class RequestIdTests
{
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private readonly EndToEndFixture _fixture;

    public RequestIdTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task A_clients_request_id_is_echoed_on_success_and_in_error_bodies()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 1f));

        using var success = await SendAsync(HttpMethod.Post, $"v2/models/{name}/infer", V2.InferRequest([1f, 2f, 3f], 1), ("x-request-id", "client-42.a:b_c"));
        using var refused = await SendAsync(HttpMethod.Get, "v2", null, ("x-request-id", "client-43"), key: null);
        using var failed = await SendAsync(HttpMethod.Post, $"v2/models/{name}/infer", """{"inputs":[{"name":"x","shape":[1,4],"datatype":"FP32","data":[1,2,3,4]}]}""", ("x-request-id", "client-44"));

        await V2.ReadJsonAsync(success, HttpStatusCode.OK);
        Assert.Equal("client-42.a:b_c", V2.RequestId(success));
        var unauthorized = await V2.ErrorAsync(refused, HttpStatusCode.Unauthorized, "key");
        Assert.Equal(("client-43", "Unauthorized"), (V2.RequestId(refused), unauthorized.GetProperty("code").GetString()));
        var invalid = await V2.ErrorAsync(failed, HttpStatusCode.BadRequest, "x");
        Assert.Equal(("client-44", "InvalidRequest"), (V2.RequestId(failed), invalid.GetProperty("code").GetString()));
    }

    [Fact]
    public async Task A_w3c_traceparent_gives_its_trace_id()
    {
        using var live = await SendAsync(HttpMethod.Get, "v2/health/live", null, ("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01"), key: null);
        using var missing = await SendAsync(HttpMethod.Get, "v2/models/no-such-model", null, ("traceparent", $"00-{TraceId}-00f067aa0ba902b7-01"));

        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal(TraceId, V2.RequestId(live));
        var notFound = await V2.ErrorAsync(missing, HttpStatusCode.NotFound, "no-such-model");
        Assert.Equal((TraceId, "ModelNotFound"), (V2.RequestId(missing), notFound.GetProperty("code").GetString()));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("has spaces and <html>")]
    public async Task Without_a_usable_id_a_new_one_is_made_per_request(string? unusable)
    {
        var header = unusable is null ? Array.Empty<(string, string)>() : [("x-request-id", unusable)];

        using var first = await SendAsync(HttpMethod.Get, "v2/health/live", null, header);
        using var second = await SendAsync(HttpMethod.Get, "v2/health/live", null, header);
        using var error = await SendAsync(HttpMethod.Get, "api/usage?groupBy=tenant", null, header);

        var ids = new[] { V2.RequestId(first), V2.RequestId(second), V2.RequestId(error) };
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{32}$", id));
        Assert.Equal(3, ids.Distinct(StringComparer.Ordinal).Count());
        var body = await V2.ErrorAsync(error, HttpStatusCode.BadRequest, "groupBy");
        Assert.Equal("InvalidRequest", body.GetProperty("code").GetString());
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json, params (string Name, string Value)[] headers) =>
        await SendAsync(method, path, json, headers, _fixture.Key);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json, (string Name, string Value) header, string? key) =>
        await SendAsync(method, path, json, [header], key);

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? json, (string Name, string Value)[] headers, string? key)
    {
        using var client = _fixture.Client(key);
        using var request = new HttpRequestMessage(method, path) { Content = json is null ? null : V2.Json(json) };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return await client.SendAsync(request);
    }
}
