using Microsoft.Extensions.DependencyInjection;
using ModelService.Cli.Infrastructure;
using ModelService.Core.Tenancy;
using ModelService.Testing;

namespace ModelService.Cli.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class TenantsCommandTests
{
    private readonly string _storage;
    private readonly string _tenant = TestNames.Container("t");

    public TenantsCommandTests(AzuriteFixture azurite)
    {
        _storage = azurite.ConnectionString;
    }

    [Fact]
    public async Task A_created_tenant_is_listed_and_cannot_be_created_twice()
    {
        var created = await Cli("tenants", "create", _tenant, "--name", "Acme", "--monthly-spend-cap", "250");
        var again = await Cli("tenants", "create", _tenant);
        var list = await Cli("tenants", "list", "--json");

        Assert.Equal(ExitCodes.Success, created.ExitCode);
        Assert.Equal(ExitCodes.Conflict, again.ExitCode);
        var tenant = list.Json.EnumerateArray().Single(t => t.GetProperty("id").GetString() == _tenant);
        Assert.Equal("Acme", tenant.GetProperty("name").GetString());
        Assert.Equal(250_000_000, tenant.GetProperty("monthlySpendCapMicros").GetInt64());
    }

    [Fact]
    public async Task An_invalid_tenant_id_exits_2() =>
        Assert.Equal(ExitCodes.BadInput, (await Cli("tenants", "create", "Not/Valid")).ExitCode);

    [Fact]
    public async Task A_created_key_authenticates_once_and_not_after_revocation()
    {
        await Cli("tenants", "create", _tenant);

        var created = await Cli("keys", "create", _tenant, "--scope", "infer", "--scope", "usage", "--json");
        var secret = created.Json.GetProperty("secret").GetString()!;
        var keyId = created.Json.GetProperty("keyId").GetString()!;
        var caller = await AuthenticateAsync(secret);
        var revoked = await Cli("keys", "revoke", keyId);
        var listed = await Cli("keys", "list", _tenant, "--json");

        Assert.Equal(_tenant, caller.TenantId);
        Assert.Equal(ApiKeyScopes.Infer | ApiKeyScopes.Usage, caller.Scopes);
        Assert.Equal(ExitCodes.Success, revoked.ExitCode);
        var key = listed.Json.EnumerateArray().Single();
        Assert.False(key.TryGetProperty("secret", out _));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, key.GetProperty("revokedAt").ValueKind);
    }

    [Fact]
    public async Task A_rotated_key_leaves_two_live_keys_listed_with_expiry_and_every_change_is_audited()
    {
        await Cli("tenants", "create", _tenant);
        var created = await Cli("keys", "create", _tenant, "--scope", "infer", "--expires-in-days", "30", "--json");
        var oldSecret = created.Json.GetProperty("secret").GetString()!;
        var oldId = created.Json.GetProperty("keyId").GetString()!;

        var rotated = await Cli("keys", "rotate", oldId, "--overlap-hours", "2", "--json");
        var newSecret = rotated.Json.GetProperty("secret").GetString()!;
        await AuthenticateAsync(oldSecret);
        await AuthenticateAsync(newSecret);
        var listed = await Cli("keys", "list", _tenant, "--json");
        var audit = await Cli("audit", "list", "--tenant", _tenant, "--json");

        Assert.Equal(ExitCodes.Success, rotated.ExitCode);
        var keys = listed.Json.EnumerateArray().ToList();
        Assert.Equal(["active", "active"], keys.Select(k => k.GetProperty("state").GetString()));
        var old = keys.Single(k => k.GetProperty("keyId").GetString() == oldId);
        Assert.InRange(old.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddHours(1), DateTimeOffset.UtcNow.AddHours(3));
        Assert.Equal(oldId, keys.Single(k => k.GetProperty("keyId").GetString() != oldId).GetProperty("rotatedFrom").GetString());
        Assert.All(keys, k => Assert.NotEqual(System.Text.Json.JsonValueKind.Null, k.GetProperty("lastUsedAt").ValueKind));
        var actions = audit.Json.EnumerateArray().Select(e => e.GetProperty("action").GetString()).ToList();
        Assert.Equal(["key.rotate", "key.create", "tenant.create"], actions);
        Assert.All(audit.Json.EnumerateArray(), e => Assert.StartsWith("operator:", e.GetProperty("actor").GetString(), StringComparison.Ordinal));
        Assert.DoesNotContain(newSecret, audit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_for_an_unknown_tenant_or_revoking_an_unknown_key_exit_3()
    {
        Assert.Equal(ExitCodes.NotFound, (await Cli("keys", "create", _tenant)).ExitCode);
        Assert.Equal(ExitCodes.NotFound, (await Cli("keys", "revoke", "0123456789abcdef")).ExitCode);
    }

    [Fact]
    public async Task An_unknown_scope_exits_2()
    {
        await Cli("tenants", "create", _tenant);

        Assert.Equal(ExitCodes.BadInput, (await Cli("keys", "create", _tenant, "--scope", "root")).ExitCode);
    }

    private async Task<Caller> AuthenticateAsync(string secret)
    {
        using var services = StorageServices.Create(new CliSettings(_storage, new Uri(CliSettings.DefaultEndpoint), null, Json: false));
        return await services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(secret, ApiKeyScopes.Infer, CancellationToken.None);
    }

    private Task<CliRun> Cli(params string[] args) => CliRun.ExecuteAsync([.. args, "--storage", _storage]);
}
