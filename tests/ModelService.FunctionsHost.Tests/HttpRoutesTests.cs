using ModelService.FunctionsHost.Http;

namespace ModelService.FunctionsHost.Tests;

public sealed class HttpRoutesTests
{
    [Theory]
    [InlineData("", "v2/health/live", "v2/health/live")]
    [InlineData("api", "v2/models/{model}", "api/v2/models/{model}")]
    [InlineData("/api/", "/items/{id:int}", "api/items/{id:int}")]
    [InlineData("api", "", "api")]
    public void Template_joins_prefix_and_route(string prefix, string route, string expected) =>
        Assert.Equal(expected, HttpRoutes.Template(prefix, route));
}
