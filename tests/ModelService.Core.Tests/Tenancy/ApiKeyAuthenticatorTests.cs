using Azure.Data.Tables;
using ModelService.Core.Errors;
using ModelService.Core.Tenancy;
using ModelService.Testing;

namespace ModelService.Core.Tests.Tenancy;

[Collection(AzuriteCollection.Name)]
public sealed class ApiKeyAuthenticatorTests : IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly string _keysTable = TestNames.Table("keys");
    private readonly CoreTestServices _services;
    private readonly TenantStore _store;
    private readonly ApiKeyAuthenticator _authenticator;

    public ApiKeyAuthenticatorTests(AzuriteFixture azurite)
    {
        _azurite = azurite;
        _services = new CoreTestServices(azurite, settings: new Dictionary<string, string?>
        {
            ["ModelService:Tenancy:TenantsTable"] = TestNames.Table("tenants"),
            ["ModelService:Tenancy:KeysTable"] = _keysTable,
            ["ModelService:Tenancy:KeyCacheSeconds"] = "0",
        });
        _store = _services.Get<TenantStore>();
        _authenticator = _services.Get<ApiKeyAuthenticator>();
    }

    [Fact]
    public async Task A_new_key_authenticates_as_its_tenant_with_its_scopes()
    {
        var key = await NewKeyAsync("acme", ApiKeyScopes.Infer | ApiKeyScopes.Usage);

        var caller = await _authenticator.AuthenticateAsync(key.Secret, ApiKeyScopes.Infer, CancellationToken.None);

        Assert.Equal("acme", caller.TenantId);
        Assert.Equal(key.Info.KeyId, caller.KeyId);
        Assert.True(caller.Has(ApiKeyScopes.Usage));
        Assert.False(caller.Has(ApiKeyScopes.Manage));
    }

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "not valid")]
    [InlineData("Bearer nonsense", "not valid")]
    [InlineData("msk_0123456789abcdef_c2VjcmV0", "not valid")]
    public async Task A_missing_malformed_or_unknown_key_is_unauthorized(string? key, string fragment)
    {
        var error = await Assert.ThrowsAsync<ModelServiceException>(() => _authenticator.AuthenticateAsync(key, ApiKeyScopes.Infer, CancellationToken.None));

        Assert.Equal(ErrorCode.Unauthorized, error.Code);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_key_with_a_wrong_secret_is_unauthorized()
    {
        var key = await NewKeyAsync("acme", ApiKeyScopes.Infer);
        var forged = key.Secret[..^4] + (key.Secret.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");

        var error = await Assert.ThrowsAsync<ModelServiceException>(() => _authenticator.AuthenticateAsync(forged, ApiKeyScopes.Infer, CancellationToken.None));

        Assert.Equal(ErrorCode.Unauthorized, error.Code);
    }

    [Fact]
    public async Task With_the_key_cache_on_a_forged_secret_is_still_refused_after_the_real_one_was_accepted()
    {
        var key = await NewKeyAsync("acme", ApiKeyScopes.Infer);
        var forged = key.Secret[..^4] + (key.Secret.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        using var cache = new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions());
        var cached = new ApiKeyAuthenticator(_store, cache, Microsoft.Extensions.Options.Options.Create(new TenancyOptions { KeyCacheSeconds = 30 }));

        var first = await cached.AuthenticateAsync(key.Secret, ApiKeyScopes.Infer, CancellationToken.None);
        var again = await cached.AuthenticateAsync(key.Secret, ApiKeyScopes.Infer, CancellationToken.None);
        var error = await Assert.ThrowsAsync<ModelServiceException>(() => cached.AuthenticateAsync(forged, ApiKeyScopes.Infer, CancellationToken.None));
        var shorter = await Assert.ThrowsAsync<ModelServiceException>(() => cached.AuthenticateAsync(key.Secret[..^1], ApiKeyScopes.Infer, CancellationToken.None));

        Assert.Equal(("acme", "acme"), (first.TenantId, again.TenantId));
        Assert.Equal((ErrorCode.Unauthorized, ErrorCode.Unauthorized), (error.Code, shorter.Code));
    }

    [Fact]
    public async Task An_unknown_key_is_refused_from_memory_for_a_while_without_asking_storage_again()
    {
        // A key that storage forgets (its row removed) and relearns (the row put back) shows whether storage is asked.
        var key = await NewKeyAsync("acme", ApiKeyScopes.Infer);
        var table = new TableClient(_azurite.ConnectionString, _keysTable);
        var row = (await table.QueryAsync<TableEntity>().ToListAsync()).Single(e => e.PartitionKey == key.Info.KeyId);
        await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        using var cache = new Microsoft.Extensions.Caching.Memory.MemoryCache(new Microsoft.Extensions.Caching.Memory.MemoryCacheOptions());
        var authenticator = new ApiKeyAuthenticator(_store, cache, Microsoft.Extensions.Options.Options.Create(new TenancyOptions { KeyCacheSeconds = 0, UnknownKeyCacheSeconds = 60 }), time, Microsoft.Extensions.Logging.Abstractions.NullLogger<ApiKeyAuthenticator>.Instance);

        var unknown = await Assert.ThrowsAsync<ModelServiceException>(() => authenticator.AuthenticateAsync(key.Secret, ApiKeyScopes.Infer, CancellationToken.None));
        await table.AddEntityAsync(row);
        time.Advance(TimeSpan.FromSeconds(59));
        var stillUnknown = await Assert.ThrowsAsync<ModelServiceException>(() => authenticator.AuthenticateAsync(key.Secret, ApiKeyScopes.Infer, CancellationToken.None));
        time.Advance(TimeSpan.FromSeconds(2));
        var caller = await authenticator.AuthenticateAsync(key.Secret, ApiKeyScopes.Infer, CancellationToken.None);

        Assert.Equal((ErrorCode.Unauthorized, ErrorCode.Unauthorized), (unknown.Code, stillUnknown.Code));
        Assert.Equal("acme", caller.TenantId);
    }

    [Fact]
    public void The_unknown_key_memory_is_bounded_and_starts_again_when_full()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow);
        var cache = new UnknownKeyCache(time, TimeSpan.FromMinutes(1), capacity: 3);

        foreach (var id in new[] { "a", "b", "c" })
        {
            cache.Add(id);
        }

        var allKept = new[] { "a", "b", "c" }.All(cache.Contains);
        cache.Add("d");

        Assert.True(allKept);
        Assert.True(cache.Contains("d"));
        Assert.False(cache.Contains("a"));
        time.Advance(TimeSpan.FromMinutes(2));
        Assert.False(cache.Contains("d"));
    }

    [Fact]
    public async Task A_revoked_key_stops_working()
    {
        var key = await NewKeyAsync("acme", ApiKeyScopes.Infer);
        await _authenticator.AuthenticateAsync(key.Secret, ApiKeyScopes.Infer, CancellationToken.None);

        var revoked = await _store.RevokeKeyAsync(key.Info.KeyId, CancellationToken.None);

        Assert.True(revoked.IsRevoked);
        var error = await Assert.ThrowsAsync<ModelServiceException>(() => _authenticator.AuthenticateAsync(key.Secret, ApiKeyScopes.Infer, CancellationToken.None));
        Assert.Equal(ErrorCode.Unauthorized, error.Code);
    }

    [Fact]
    public async Task A_key_without_the_needed_scope_is_forbidden()
    {
        var key = await NewKeyAsync("acme", ApiKeyScopes.Usage);

        var error = await Assert.ThrowsAsync<ModelServiceException>(() => _authenticator.AuthenticateAsync(key.Secret, ApiKeyScopes.Train, CancellationToken.None));

        Assert.Equal(ErrorCode.Forbidden, error.Code);
        Assert.Contains("'train'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Storage_holds_only_a_hash_of_the_secret()
    {
        var key = await NewKeyAsync("acme", ApiKeyScopes.All);
        Assert.True(ApiKeySecret.TryParse(key.Secret, out _, out var secret));

        var table = new TableClient(_azurite.ConnectionString, _keysTable);
        var stored = await table.QueryAsync<TableEntity>().ToListAsync();

        var values = stored.SelectMany(e => e.Select(pair => pair.Value)).Select(v => v switch { byte[] b => Convert.ToBase64String(b), _ => v?.ToString() ?? string.Empty });
        Assert.DoesNotContain(values, v => v.Contains(secret, StringComparison.Ordinal));
        Assert.Equal(ApiKeySecret.Hash(secret), stored.Single().GetBinary("Hash"));
    }

    [Fact]
    public async Task Tenants_are_unique_valid_and_keys_need_an_existing_tenant()
    {
        await _store.CreateTenantAsync("acme", "Acme", null, null, CancellationToken.None);

        Assert.Equal(ErrorCode.Conflict, (await Assert.ThrowsAsync<ModelServiceException>(() => _store.CreateTenantAsync("acme", "Again", null, null, CancellationToken.None))).Code);
        Assert.Equal(ErrorCode.InvalidRequest, (await Assert.ThrowsAsync<ModelServiceException>(() => _store.CreateTenantAsync("Bad/Id", "x", null, null, CancellationToken.None))).Code);
        Assert.Equal(ErrorCode.ModelNotFound, (await Assert.ThrowsAsync<ModelServiceException>(() => _store.CreateKeyAsync("nobody", ApiKeyScopes.Infer, CancellationToken.None))).Code);
        Assert.Equal(["acme"], (await _store.ListTenantsAsync(CancellationToken.None)).Select(t => t.Id));
    }

    [Fact]
    public async Task Listing_keys_shows_ids_scopes_and_revocation_but_no_secret()
    {
        var first = await NewKeyAsync("acme", ApiKeyScopes.Infer);
        var second = await _store.CreateKeyAsync("acme", ApiKeyScopes.Manage, CancellationToken.None);
        await _store.RevokeKeyAsync(first.Info.KeyId, CancellationToken.None);

        var keys = await _store.ListKeysAsync("acme", CancellationToken.None);

        Assert.Equal(2, keys.Count);
        Assert.True(keys.Single(k => k.KeyId == first.Info.KeyId).IsRevoked);
        Assert.Equal(ApiKeyScopes.Manage, keys.Single(k => k.KeyId == second.Info.KeyId).Scopes);
    }

    public void Dispose() => _services.Dispose();

    private async Task<CreatedApiKey> NewKeyAsync(string tenant, ApiKeyScopes scopes)
    {
        if (await _store.FindTenantAsync(tenant, CancellationToken.None) is null)
        {
            await _store.CreateTenantAsync(tenant, tenant, null, null, CancellationToken.None);
        }

        return await _store.CreateKeyAsync(tenant, scopes, CancellationToken.None);
    }
}
