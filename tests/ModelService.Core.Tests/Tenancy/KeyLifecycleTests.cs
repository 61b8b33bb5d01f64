using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using ModelService.Core.Errors;
using ModelService.Core.Tenancy;
using ModelService.Testing;

namespace ModelService.Core.Tests.Tenancy;

/// <summary>Keys expire, record their last use at most once a minute, and rotate with two live keys for a while.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class KeyLifecycleTests : IDisposable
{
    private readonly CoreTestServices _services;
    private readonly TenantStore _store;
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly MemoryCache _cache = new(new MemoryCacheOptions());
    private readonly ApiKeyAuthenticator _authenticator;

    public KeyLifecycleTests(AzuriteFixture azurite)
    {
        _services = new CoreTestServices(azurite, settings: new Dictionary<string, string?>
        {
            ["ModelService:Tenancy:TenantsTable"] = TestNames.Table("tenants"),
            ["ModelService:Tenancy:KeysTable"] = TestNames.Table("keys"),
        });
        _store = _services.Get<TenantStore>();
        _authenticator = new ApiKeyAuthenticator(_store, _cache, Options.Create(new TenancyOptions { KeyCacheSeconds = 0, LastUsedWriteSeconds = 60 }), _time, NullLogger<ApiKeyAuthenticator>.Instance);
    }

    [Fact]
    public async Task A_key_works_until_its_expiry_and_is_refused_after_it()
    {
        var key = await NewKeyAsync(expiresAt: _time.GetUtcNow().AddHours(1));

        var before = await _authenticator.AuthenticateAsync(key.Secret, ApiKeyScopes.Infer, CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(2));
        var error = await Assert.ThrowsAsync<ModelServiceException>(() => _authenticator.AuthenticateAsync(key.Secret, ApiKeyScopes.Infer, CancellationToken.None));

        Assert.Equal(key.Info.KeyId, before.KeyId);
        Assert.Equal(ErrorCode.Unauthorized, error.Code);
        Assert.Contains("expired", error.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.InvalidRequest, (await Assert.ThrowsAsync<ModelServiceException>(() => _store.CreateKeyAsync("acme", ApiKeyScopes.Infer, DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None))).Code);
    }

    [Fact]
    public async Task The_last_used_time_is_written_on_first_use_then_at_most_once_a_minute()
    {
        var key = await NewKeyAsync(expiresAt: null);
        var start = _time.GetUtcNow();

        await _authenticator.AuthenticateAsync(key.Secret, ApiKeyScopes.Infer, CancellationToken.None);
        var first = await LastUsedAsync(key);
        _time.Advance(TimeSpan.FromSeconds(30));
        await _authenticator.AuthenticateAsync(key.Secret, ApiKeyScopes.Infer, CancellationToken.None);
        var withinAMinute = await LastUsedAsync(key);
        _time.Advance(TimeSpan.FromSeconds(31));
        await _authenticator.AuthenticateAsync(key.Secret, ApiKeyScopes.Infer, CancellationToken.None);
        var afterAMinute = await LastUsedAsync(key);

        Assert.Equal(start, first);
        Assert.Equal(start, withinAMinute);
        Assert.Equal(start.AddSeconds(61), afterAMinute);
    }

    [Fact]
    public async Task Rotation_gives_two_live_keys_for_the_overlap_then_only_the_new_one()
    {
        var old = await NewKeyAsync(expiresAt: null);

        var rotated = await _store.RotateKeyAsync(old.Info.KeyId, TimeSpan.FromHours(1), null, CancellationToken.None);
        var oldDuring = await _authenticator.AuthenticateAsync(old.Secret, ApiKeyScopes.Infer, CancellationToken.None);
        var newDuring = await _authenticator.AuthenticateAsync(rotated.Created.Secret, ApiKeyScopes.Infer, CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(2));
        var oldAfter = await Assert.ThrowsAsync<ModelServiceException>(() => _authenticator.AuthenticateAsync(old.Secret, ApiKeyScopes.Infer, CancellationToken.None));
        var newAfter = await _authenticator.AuthenticateAsync(rotated.Created.Secret, ApiKeyScopes.Infer, CancellationToken.None);

        Assert.Equal((old.Info.KeyId, rotated.Created.Info.KeyId, rotated.Created.Info.KeyId), (oldDuring.KeyId, newDuring.KeyId, newAfter.KeyId));
        Assert.Equal(ErrorCode.Unauthorized, oldAfter.Code);
        Assert.Equal(old.Info.Scopes, rotated.Created.Info.Scopes);
        var listed = await _store.ListKeysAsync("acme", CancellationToken.None);
        Assert.Equal(old.Info.KeyId, listed.Single(k => k.KeyId == rotated.Created.Info.KeyId).RotatedFrom);
        Assert.NotNull(listed.Single(k => k.KeyId == old.Info.KeyId).ExpiresAt);
        Assert.All(listed, k => Assert.NotNull(k.LastUsedAt));
        await _store.RevokeKeyAsync(rotated.Created.Info.KeyId, CancellationToken.None);
        Assert.Equal(ErrorCode.Conflict, (await Assert.ThrowsAsync<ModelServiceException>(() => _store.RotateKeyAsync(rotated.Created.Info.KeyId, TimeSpan.FromHours(1), null, CancellationToken.None))).Code);
    }

    public void Dispose()
    {
        _cache.Dispose();
        _services.Dispose();
    }

    private async Task<CreatedApiKey> NewKeyAsync(DateTimeOffset? expiresAt)
    {
        if (await _store.FindTenantAsync("acme", CancellationToken.None) is null)
        {
            await _store.CreateTenantAsync("acme", "Acme", null, null, CancellationToken.None);
        }

        return await _store.CreateKeyAsync("acme", ApiKeyScopes.Infer, expiresAt, CancellationToken.None);
    }

    private async Task<DateTimeOffset?> LastUsedAsync(CreatedApiKey key) =>
        (await _store.ListKeysAsync("acme", CancellationToken.None)).Single(k => k.KeyId == key.Info.KeyId).LastUsedAt;
}
