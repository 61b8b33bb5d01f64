using System.Net;
using ModelService.Core.Registry;
using ModelService.Core.Tenancy;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>Keys on every route but health, through the host as a client calls it.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AuthTests
{
    private readonly EndToEndFixture _fixture;

    public AuthTests(EndToEndFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Every_route_but_health_is_401_without_a_key()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 1f));
        using var anonymous = _fixture.Client(null);

        foreach (var path in new[] { "v2", $"v2/models/{name}", $"v2/models/{name}/versions/1", $"v2/models/{name}/ready", $"v2/models/{name}/versions/1/ready", "api/usage" })
        {
            await V2.ErrorAsync(await anonymous.GetAsync(path), HttpStatusCode.Unauthorized, "key");
        }

        await V2.ErrorAsync(await anonymous.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f, 2f, 3f], 1))), HttpStatusCode.Unauthorized, "key");
        await V2.ErrorAsync(await anonymous.PostAsync($"v2/models/{name}/versions/1/infer", V2.Json(V2.InferRequest([1f, 2f, 3f], 1))), HttpStatusCode.Unauthorized, "key");
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("v2/health/live")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("v2/health/ready")).StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_401_and_a_key_without_the_scope_is_403()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 1f));
        var usageOnly = await _fixture.Tenants.CreateKeyAsync(_fixture.TenantId, ApiKeyScopes.Usage, CancellationToken.None);
        var revoked = await _fixture.Tenants.CreateKeyAsync(_fixture.TenantId, ApiKeyScopes.All, CancellationToken.None);
        using var usageClient = _fixture.Client(usageOnly.Secret);
        using var revokedClient = _fixture.Client(revoked.Secret);
        Assert.Equal(HttpStatusCode.OK, (await revokedClient.GetAsync($"v2/models/{name}")).StatusCode);

        await _fixture.Tenants.RevokeKeyAsync(revoked.Info.KeyId, CancellationToken.None);

        await V2.ErrorAsync(await revokedClient.GetAsync($"v2/models/{name}"), HttpStatusCode.Unauthorized, "not valid");
        await V2.ErrorAsync(await usageClient.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f, 2f, 3f], 1))), HttpStatusCode.Forbidden, "infer");
        Assert.Equal(HttpStatusCode.OK, (await usageClient.GetAsync("api/usage")).StatusCode);
    }

    [Fact]
    public async Task The_api_key_header_is_accepted_like_bearer()
    {
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 1f));
        using var client = _fixture.Client(null);
        client.DefaultRequestHeaders.Add("api-key", _fixture.Key);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"v2/models/{name}/ready")).StatusCode);
    }

    [Fact]
    public async Task Another_tenants_private_model_is_404_as_if_it_did_not_exist()
    {
        var owner = TestNames.Tenant("owner");
        var ownerKey = await _fixture.CreateTenantKeyAsync(owner, requestsPerSecond: 0, spendCapMicros: null);
        var name = await _fixture.PublishAsync(TestModels.AddBias(3, 1f), new ModelPublication { Name = TestNames.Model("private"), Owner = owner });
        using var ownerClient = _fixture.Client(ownerKey);

        Assert.Equal(HttpStatusCode.OK, (await ownerClient.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f, 2f, 3f], 1)))).StatusCode);
        await V2.ErrorAsync(await _fixture.Http.PostAsync($"v2/models/{name}/infer", V2.Json(V2.InferRequest([1f, 2f, 3f], 1))), HttpStatusCode.NotFound, "has no versions");
        await V2.ErrorAsync(await _fixture.Http.GetAsync($"v2/models/{name}/versions/1"), HttpStatusCode.NotFound, "has no version 1");
    }
}
