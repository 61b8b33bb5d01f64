using System.Net;
using ModelService.Core.Registry;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>Model cards through the real app: their route, v2 metadata's <c>parameters.card</c>, and the privacy of private models.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class ModelCardTests
{
    private readonly EndToEndFixture _fixture;

    public ModelCardTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task A_versions_card_is_served_on_its_route_and_in_v2_metadata()
    {
        var card = ModelCardFile.Parse("""
            {"intendedUse": "Adds a bias, for tests.", "limitations": "Knows nothing.", "license": "MIT",
             "trainingData": "None: the weights are written by hand.", "evaluationMetrics": {"exactness": 1.0}}
            """u8.ToArray());
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 1f), new ModelPublication { Name = TestNames.Model("card"), Card = card });

        var served = await V2.ReadJsonAsync(await _fixture.Http.GetAsync($"api/models/{name}/versions/1/card"), HttpStatusCode.OK);
        var metadata = await V2.ReadJsonAsync(await _fixture.Http.GetAsync($"v2/models/{name}/versions/1"), HttpStatusCode.OK);

        Assert.Equal((name, "1", "MIT"), (served.GetProperty("model").GetString(), served.GetProperty("version").GetString(), served.GetProperty("license").GetString()));
        Assert.Equal("None: the weights are written by hand.", served.GetProperty("trainingData").GetString());
        Assert.Equal(1.0, served.GetProperty("evaluationMetrics").GetProperty("exactness").GetDouble());
        Assert.Equal("none", served.GetProperty("quantization").GetString());
        Assert.Equal("Adds a bias, for tests.", metadata.GetProperty("parameters").GetProperty("card").GetProperty("intendedUse").GetString());
    }

    [Fact]
    public async Task Another_tenants_private_card_is_404_like_its_metadata()
    {
        var owner = TestNames.Tenant("cardowner");
        using var ownerClient = _fixture.Client(await _fixture.CreateTenantKeyAsync(owner, requestsPerSecond: 0, spendCapMicros: null));
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 1f), new ModelPublication { Name = TestNames.Model("privcard"), Owner = owner });

        Assert.Equal(HttpStatusCode.OK, (await ownerClient.GetAsync($"api/models/{name}/versions/1/card")).StatusCode);
        await V2.ErrorAsync(await _fixture.Http.GetAsync($"api/models/{name}/versions/1/card"), HttpStatusCode.NotFound, "has no version 1");
        await V2.ErrorAsync(await _fixture.Http.GetAsync($"v2/models/{name}/versions/1"), HttpStatusCode.NotFound, "has no version 1");
    }
}
