using System.Net;
using System.Text;
using System.Text.Json;

namespace ModelService.FunctionsHost.Tests;

[Collection(HostCollection.Name)]
public sealed class HttpTriggerTests
{
    private readonly HostFixture _fixture;

    public HttpTriggerTests(HostFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Request_reaches_the_function_with_route_values_method_query_headers_and_body()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "test/echo/alice/3?q=quick")
        {
            Content = new StringContent("hello body", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("x-test", "header-value");

        using var response = await _fixture.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = json.RootElement;
        Assert.Equal("alice", root.GetProperty("name").GetString());
        Assert.Equal(3, root.GetProperty("count").GetInt32());
        Assert.Equal("POST", root.GetProperty("method").GetString());
        Assert.Equal("quick", root.GetProperty("query").GetString());
        Assert.Equal("hello body", root.GetProperty("body").GetString());
        Assert.Equal("header-value", root.GetProperty("header").GetString());
    }

    [Fact]
    public async Task Optional_route_parameter_may_be_left_out()
    {
        using var response = await _fixture.Http.GetAsync("test/echo/bob");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("bob", json.RootElement.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("count").ValueKind);
    }

    [Theory]
    [InlineData("GET", "test/echo/bob/not-a-number")]
    [InlineData("DELETE", "test/items/abc")]
    [InlineData("GET", "test/nothing-here")]
    [InlineData("GET", "test")]
    public async Task Path_that_no_route_matches_is_404(string method, string path)
    {
        using var response = await _fixture.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Known_route_with_another_method_is_405()
    {
        using var wrongMethod = await _fixture.Http.GetAsync("test/items/5");
        using var rightMethod = await _fixture.Http.DeleteAsync("test/items/5");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, rightMethod.StatusCode);
    }

    [Theory]
    [InlineData("echo/bob")]
    [InlineData("api/echo/bob")]
    public async Task Routes_live_under_the_host_json_route_prefix_only(string path)
    {
        using var response = await _fixture.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PATCH")]
    public async Task Function_without_a_route_is_served_at_its_name_for_any_method(string method)
    {
        using var response = await _fixture.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "test/NoRoute"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(method, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Function_that_throws_answers_500()
    {
        using var response = await _fixture.Http.GetAsync("test/throw");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Fact]
    public async Task Large_response_arrives_whole()
    {
        using var response = await _fixture.Http.GetAsync("test/large/4096");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(4096 * 1024, body.Length);
        Assert.All(body, b => Assert.Equal((byte)'x', b));
    }

    [Fact]
    public async Task Worker_logs_are_forwarded_to_the_host_log()
    {
        var name = $"log-{Guid.NewGuid():N}";

        using var response = await _fixture.Http.GetAsync($"test/echo/{name}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await Eventually.TrueAsync(() => Task.FromResult(_fixture.Log.Contains($"Echo invoked for {name}")), HostFixture.Timeout, "the function's log line in the host log");
        Assert.Contains(_fixture.Log.Entries, e => e.Message.Contains(name, StringComparison.Ordinal) && e.Category.EndsWith("EchoFunctions", StringComparison.Ordinal));
    }
}
