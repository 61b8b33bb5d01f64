using ModelService.Core.Audit;
using ModelService.Testing;

namespace ModelService.Core.Tests.Audit;

[Collection(AzuriteCollection.Name)]
public sealed class AuditLogTests : IDisposable
{
    private readonly CoreTestServices _services;

    public AuditLogTests(AzuriteFixture azurite)
    {
        _services = new CoreTestServices(azurite, settings: new Dictionary<string, string?> { ["ModelService:Tenancy:AuditTable"] = TestNames.Table("audit") });
    }

    [Fact]
    public async Task Entries_are_kept_per_tenant_newest_first_and_public_model_actions_apart()
    {
        var log = _services.Get<AuditLog>();
        var at = DateTimeOffset.UtcNow;
        await log.AppendAsync(Entry("acme", AuditActions.TenantCreate, "tenant:acme", at), CancellationToken.None);
        await log.AppendAsync(Entry("acme", AuditActions.KeyCreate, "key:k1", at.AddSeconds(1)), CancellationToken.None);
        await log.AppendAsync(Entry("acme", AuditActions.KeyRevoke, "key:k1", at.AddSeconds(2)), CancellationToken.None);
        await log.AppendAsync(Entry("globex", AuditActions.KeyCreate, "key:k2", at.AddSeconds(3)), CancellationToken.None);
        await log.AppendAsync(Entry(null, AuditActions.AliasSet, "alias:iris@prod", at.AddSeconds(4)), CancellationToken.None);

        var acme = await log.ListAsync("acme", 100, CancellationToken.None);
        var latest = await log.ListAsync("acme", 1, CancellationToken.None);
        var publicModels = await log.ListAsync(null, 100, CancellationToken.None);

        Assert.Equal([AuditActions.KeyRevoke, AuditActions.KeyCreate, AuditActions.TenantCreate], acme.Select(e => e.Action));
        Assert.All(acme, e => Assert.Equal(("operator:alice", "cli@test"), (e.Actor, e.Source)));
        Assert.Equal(at.AddSeconds(2), Assert.Single(latest).At);
        Assert.Equal("alias:iris@prod", Assert.Single(publicModels).Target);
    }

    public void Dispose() => _services.Dispose();

    private static AuditEntry Entry(string? tenant, string action, string target, DateTimeOffset at) => new()
    {
        At = at,
        TenantId = tenant,
        Actor = "operator:alice",
        Action = action,
        Target = target,
        Source = "cli@test",
    };
}
