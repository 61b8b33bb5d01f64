using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using ModelService.Core.Errors;
using ModelService.Core.Storage;

namespace ModelService.Core.Tenancy;

/// <summary>Tenants and their API keys in Table storage. Keys are kept as hashes of their secrets only.</summary>
public sealed class TenantStore
{
    private const string TenantPartition = "tenant";
    private const string KeyRow = "key";
    private readonly TableClient _tenants;
    private readonly TableClient _keys;
    private readonly TimeProvider _time;

    public TenantStore(StorageClientFactory storage, IOptions<TenancyOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var service = storage.CreateTableServiceClient();
        _tenants = service.GetTableClient(options.Value.TenantsTable);
        _keys = service.GetTableClient(options.Value.KeysTable);
        _time = time;
    }

    public async Task<Tenant> CreateTenantAsync(string id, string name, double? requestsPerSecond, long? monthlySpendCapMicros, CancellationToken cancellationToken)
    {
        EnsureValidTenantId(id);
        var tenant = new Tenant(id, name, _time.GetUtcNow(), requestsPerSecond, monthlySpendCapMicros);
        await _tenants.CreateIfNotExistsAsync(cancellationToken);
        try
        {
            await _tenants.AddEntityAsync(TenantEntities.ToEntity(tenant, TenantPartition), cancellationToken);
        }
        catch (RequestFailedException exception) when (exception.Status == 409)
        {
            throw new ModelServiceException(ErrorCode.Conflict, $"Tenant '{id}' already exists.", exception);
        }

        return tenant;
    }

    /// <summary>Sets the tenant's storage limits (null: the service default); returns the tenant as stored.</summary>
    public async Task<Tenant> SetStorageLimitsAsync(string id, int? maxPendingPredictions, int? maxDatasets, long? maxDatasetBytes, CancellationToken cancellationToken)
    {
        var tenant = await FindTenantAsync(id, cancellationToken);
        if (tenant is null || tenant.DeletedAt is not null)
        {
            throw new ModelServiceException(ErrorCode.NotFound, $"Tenant '{id}' does not exist.");
        }

        var changed = tenant with { MaxPendingPredictions = maxPendingPredictions, MaxDatasets = maxDatasets, MaxDatasetBytes = maxDatasetBytes };
        await _tenants.UpsertEntityAsync(TenantEntities.ToEntity(changed, TenantPartition), TableUpdateMode.Replace, cancellationToken);
        return changed;
    }

    public async Task<Tenant?> FindTenantAsync(string id, CancellationToken cancellationToken)
    {
        var entity = await FindAsync(_tenants, TenantPartition, id, cancellationToken);
        return entity is null ? null : TenantEntities.ToTenant(entity);
    }

    public async Task<IReadOnlyList<Tenant>> ListTenantsAsync(CancellationToken cancellationToken)
    {
        await _tenants.CreateIfNotExistsAsync(cancellationToken);
        var tenants = new List<Tenant>();
        await foreach (var entity in _tenants.QueryAsync<TableEntity>(e => e.PartitionKey == TenantPartition, cancellationToken: cancellationToken))
        {
            tenants.Add(TenantEntities.ToTenant(entity));
        }

        return tenants;
    }

    public Task<CreatedApiKey> CreateKeyAsync(string tenantId, ApiKeyScopes scopes, CancellationToken cancellationToken) =>
        CreateKeyAsync(tenantId, scopes, expiresAt: null, cancellationToken);

    /// <param name="expiresAt">When the key stops working by itself; null: never.</param>
    public async Task<CreatedApiKey> CreateKeyAsync(string tenantId, ApiKeyScopes scopes, DateTimeOffset? expiresAt, CancellationToken cancellationToken) =>
        await AddKeyAsync(tenantId, scopes, expiresAt, rotatedFrom: null, cancellationToken);

    /// <summary>
    /// Replaces a live key with a new one of the same tenant and scopes. Both work during <paramref name="overlap"/>
    /// (so clients can switch without downtime); then the old one expires (sooner if it was due to already).
    /// </summary>
    public async Task<RotatedApiKey> RotateKeyAsync(string keyId, TimeSpan overlap, DateTimeOffset? newExpiresAt, CancellationToken cancellationToken)
    {
        if (overlap < TimeSpan.Zero)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, "The overlap of a rotation must not be negative.");
        }

        var entity = await FindAsync(_keys, keyId, KeyRow, cancellationToken)
            ?? throw new ModelServiceException(ErrorCode.ModelNotFound, $"Key '{keyId}' does not exist.");
        var now = _time.GetUtcNow();
        var previous = TenantEntities.ToKeyInfo(entity);
        if (!previous.IsLiveAt(now))
        {
            throw new ModelServiceException(ErrorCode.Conflict, $"Key '{keyId}' is revoked or expired; create a new key instead.");
        }

        var created = await AddKeyAsync(previous.TenantId, previous.Scopes, newExpiresAt, keyId, cancellationToken);
        var end = now + overlap;
        entity["ExpiresAt"] = previous.ExpiresAt is { } due && due < end ? due : end;
        await _keys.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Merge, cancellationToken);
        return new RotatedApiKey(created, TenantEntities.ToKeyInfo(entity));
    }

    /// <summary>Stamps the key's last use; only that property is written, so it never undoes a revoke.</summary>
    public async Task TouchKeyAsync(string keyId, DateTimeOffset usedAt, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(keyId, KeyRow) { ["LastUsedAt"] = usedAt };
        await _keys.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    private async Task<CreatedApiKey> AddKeyAsync(string tenantId, ApiKeyScopes scopes, DateTimeOffset? expiresAt, string? rotatedFrom, CancellationToken cancellationToken)
    {
        var tenant = await FindTenantAsync(tenantId, cancellationToken);
        if (tenant is null || tenant.DeletedAt is not null)
        {
            throw new ModelServiceException(ErrorCode.ModelNotFound, $"Tenant '{tenantId}' does not exist.");
        }

        if (scopes == ApiKeyScopes.None)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, "A key needs at least one scope.");
        }

        var now = _time.GetUtcNow();
        if (expiresAt <= now)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, "A key's expiry must be in the future.");
        }

        var (keyId, text, hash) = ApiKeySecret.Generate();
        var info = new ApiKeyInfo(keyId, tenantId, scopes, now, null) { ExpiresAt = expiresAt, RotatedFrom = rotatedFrom };
        await _keys.CreateIfNotExistsAsync(cancellationToken);
        await _keys.AddEntityAsync(TenantEntities.ToEntity(info, hash, KeyRow), cancellationToken);
        return new CreatedApiKey(info, text);
    }

    public async Task<IReadOnlyList<ApiKeyInfo>> ListKeysAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _keys.CreateIfNotExistsAsync(cancellationToken);
        var keys = new List<ApiKeyInfo>();
        await foreach (var entity in _keys.QueryAsync<TableEntity>(e => e.GetString("TenantId") == tenantId, cancellationToken: cancellationToken))
        {
            keys.Add(TenantEntities.ToKeyInfo(entity));
        }

        return keys;
    }

    public async Task<ApiKeyInfo> RevokeKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var entity = await FindAsync(_keys, keyId, KeyRow, cancellationToken)
            ?? throw new ModelServiceException(ErrorCode.ModelNotFound, $"Key '{keyId}' does not exist.");
        entity["RevokedAt"] ??= _time.GetUtcNow();
        await _keys.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Merge, cancellationToken);
        return TenantEntities.ToKeyInfo(entity);
    }

    /// <summary>Deletes every key of the tenant, live or not (for its deletion); returns how many there were.</summary>
    public async Task<int> DeleteKeysAsync(string tenantId, CancellationToken cancellationToken)
    {
        var keys = await ListKeysAsync(tenantId, cancellationToken);
        var deleted = 0;
        foreach (var key in keys)
        {
            var response = await _keys.DeleteEntityAsync(key.KeyId, KeyRow, ETag.All, cancellationToken);
            deleted += response.Status == 404 ? 0 : 1;
        }

        return deleted;
    }

    /// <summary>Stamps the tenant as deleted (the first stamp stays); returns the tenant as stored.</summary>
    public async Task<Tenant> MarkDeletedAsync(string id, CancellationToken cancellationToken)
    {
        var tenant = await FindTenantAsync(id, cancellationToken)
            ?? throw new ModelServiceException(ErrorCode.NotFound, $"Tenant '{id}' does not exist.");
        if (tenant.DeletedAt is not null)
        {
            return tenant;
        }

        var deleted = tenant with { DeletedAt = _time.GetUtcNow() };
        await _tenants.UpsertEntityAsync(TenantEntities.ToEntity(deleted, TenantPartition), TableUpdateMode.Replace, cancellationToken);
        return deleted;
    }

    /// <summary>The stored key record and its secret's hash, or null for an unknown key id.</summary>
    public async Task<(ApiKeyInfo Info, byte[] Hash)?> FindKeyAsync(string keyId, CancellationToken cancellationToken)
    {
        var entity = await FindAsync(_keys, keyId, KeyRow, cancellationToken);
        return entity is null ? null : (TenantEntities.ToKeyInfo(entity), entity.GetBinary("Hash"));
    }

    private static async Task<TableEntity?> FindAsync(TableClient table, string partition, string row, CancellationToken cancellationToken)
    {
        try
        {
            var response = await table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            return response.HasValue ? response.Value : null;
        }
        catch (RequestFailedException exception) when (exception.Status == 404)
        {
            return null;
        }
    }

    private static void EnsureValidTenantId(string id)
    {
        if (!TenantIds.IsValid(id))
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, $"'{id}' is not a valid tenant id: use 3 to 63 lowercase letters, digits and '-'.");
        }
    }
}
