using System.Net;
using System.Text;
using ModelService.Core.Audit;
using ModelService.Core.Tenancy;

namespace ModelService.EndToEnd.Tests;

/// <summary>GET /api/audit shows a tenant its own trail only (manage scope); names with dots or separators are refused.</summary>
[Collection(EndToEndCollection.Name)]
public sealed class AuditAndNamesTests(EndToEndFixture fixture)
{
    [Fact]
    public async Task The_audit_route_shows_the_callers_tenant_only_and_needs_the_manage_scope()
    {
        var manageKey = await fixture.CreateKeyAsync(ApiKeyScopes.Manage);
        using var manager = fixture.Client(manageKey);
        var tenant = await TenantOfAsync(manageKey);
        var at = DateTimeOffset.UtcNow;
        await fixture.Audit.AppendAsync(new AuditEntry { At = at, TenantId = tenant, Actor = "operator:alice", Action = AuditActions.KeyCreate, Target = "key:k1", Source = "cli@ops" }, CancellationToken.None);
        await fixture.Audit.AppendAsync(new AuditEntry { At = at.AddSeconds(1), TenantId = tenant, Actor = "operator:alice", Action = AuditActions.KeyRevoke, Target = "key:k1", Source = "cli@ops" }, CancellationToken.None);
        await fixture.Audit.AppendAsync(new AuditEntry { At = at, TenantId = fixture.TenantId, Actor = "operator:alice", Action = AuditActions.KeyCreate, Target = "key:other", Source = "cli@ops" }, CancellationToken.None);

        var body = await V2.ReadJsonAsync(await manager.GetAsync("api/audit"), HttpStatusCode.OK);
        var entries = body.GetProperty("entries").EnumerateArray().ToList();

        Assert.Equal([AuditActions.KeyRevoke, AuditActions.KeyCreate], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal("key:k1", e.GetProperty("target").GetString()));
        Assert.Single((await V2.ReadJsonAsync(await manager.GetAsync("api/audit?limit=1"), HttpStatusCode.OK)).GetProperty("entries").EnumerateArray());
        await V2.ErrorAsync(await manager.GetAsync("api/audit?limit=abc"), HttpStatusCode.BadRequest, "limit");
        using var inferOnly = fixture.Client(await fixture.CreateKeyAsync(ApiKeyScopes.Infer));
        await V2.ErrorAsync(await inferOnly.GetAsync("api/audit"), HttpStatusCode.Forbidden, "manage");
    }

    [Theory]
    [InlineData("v2/models/a..b")]
    [InlineData("v2/models/model.")]
    [InlineData("v2/models/iris/versions/1..2")]
    public async Task Model_names_and_versions_with_dots_are_refused_with_400(string path) =>
        await V2.ErrorAsync(await fixture.Http.GetAsync(path), HttpStatusCode.BadRequest, "invalid");

    [Theory]
    [InlineData("api/datasets/a..b")]
    [InlineData("api/datasets/data.")]
    public async Task Dataset_names_with_dots_are_refused_with_400_before_anything_is_stored(string path)
    {
        using var response = await fixture.Http.PostAsync(path, new StringContent("a,b\n1,2\n", Encoding.UTF8, "text/csv"));

        await V2.ErrorAsync(response, HttpStatusCode.BadRequest, "Dataset name");
    }

    private async Task<string> TenantOfAsync(string key) =>
        (await fixture.Tenants.FindKeyAsync(key.Split('_')[1], CancellationToken.None))!.Value.Info.TenantId;
}
