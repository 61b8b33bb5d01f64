using Azure.Data.Tables;

namespace ModelService.Core.Tenancy;

/// <summary>Maps tenants and key records to table entities and back.</summary>
internal static class TenantEntities
{
    public static TableEntity ToEntity(Tenant tenant, string partition) => new(partition, tenant.Id)
    {
        ["Name"] = tenant.Name,
        ["CreatedAt"] = tenant.CreatedAt,
        ["RequestsPerSecond"] = tenant.RequestsPerSecond,
        ["MonthlySpendCapMicros"] = tenant.MonthlySpendCapMicros,
        ["MaxPendingPredictions"] = tenant.MaxPendingPredictions,
        ["MaxDatasets"] = tenant.MaxDatasets,
        ["MaxDatasetBytes"] = tenant.MaxDatasetBytes,
        ["DeletedAt"] = tenant.DeletedAt,
    };

    public static Tenant ToTenant(TableEntity entity) => new(
        entity.RowKey,
        entity.GetString("Name") ?? entity.RowKey,
        entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        entity.GetDouble("RequestsPerSecond"),
        entity.GetInt64("MonthlySpendCapMicros"))
    {
        MaxPendingPredictions = entity.GetInt32("MaxPendingPredictions"),
        MaxDatasets = entity.GetInt32("MaxDatasets"),
        MaxDatasetBytes = entity.GetInt64("MaxDatasetBytes"),
        DeletedAt = entity.GetDateTimeOffset("DeletedAt"),
    };

    public static TableEntity ToEntity(ApiKeyInfo key, byte[] hash, string row) => new(key.KeyId, row)
    {
        ["TenantId"] = key.TenantId,
        ["Scopes"] = (int)key.Scopes,
        ["Hash"] = hash,
        ["CreatedAt"] = key.CreatedAt,
        ["RevokedAt"] = key.RevokedAt,
        ["ExpiresAt"] = key.ExpiresAt,
        ["LastUsedAt"] = key.LastUsedAt,
        ["RotatedFrom"] = key.RotatedFrom,
    };

    public static ApiKeyInfo ToKeyInfo(TableEntity entity) => new(
        entity.PartitionKey,
        entity.GetString("TenantId") ?? string.Empty,
        (ApiKeyScopes)(entity.GetInt32("Scopes") ?? 0),
        entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        entity.GetDateTimeOffset("RevokedAt"))
    {
        ExpiresAt = entity.GetDateTimeOffset("ExpiresAt"),
        LastUsedAt = entity.GetDateTimeOffset("LastUsedAt"),
        RotatedFrom = entity.GetString("RotatedFrom"),
    };
}
