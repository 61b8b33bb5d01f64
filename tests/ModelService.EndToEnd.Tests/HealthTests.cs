using System.Net;

namespace ModelService.EndToEnd.Tests;

[Collection(EndToEndCollection.Name)]
public sealed class HealthTests
{
    private readonly EndToEndFixture _fixture;

    public HealthTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Live_answers_true()
    {
        var body = await V2.ReadJsonAsync(await _fixture.Http.GetAsync("v2/health/live"), HttpStatusCode.OK);

        Assert.True(body.GetProperty("live").GetBoolean());
    }

    [Fact]
    public async Task Ready_answers_true_when_storage_is_reachable()
    {
        var body = await V2.ReadJsonAsync(await _fixture.Http.GetAsync("v2/health/ready"), HttpStatusCode.OK);

        Assert.True(body.GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task Server_metadata_names_the_service()
    {
        var body = await V2.ReadJsonAsync(await _fixture.Http.GetAsync("v2"), HttpStatusCode.OK);

        Assert.Equal("modelsvc", body.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Array, body.GetProperty("extensions").ValueKind);
    }

    [Theory]
    [InlineData("api/v2/health/live")]
    [InlineData("v2/health")]
    [InlineData("admin/host/status")]
    public async Task Paths_outside_the_v2_routes_are_404(string path)
    {
        using var response = await _fixture.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Wrong_method_on_a_v2_route_is_405()
    {
        using var response = await _fixture.Http.PostAsync("v2/health/live", V2.Json("{}"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }
}
