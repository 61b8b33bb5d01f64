using Azure.Data.Tables;

namespace ModelService.Core.Predictions;

/// <summary>Maps prediction records to table entities (partition: tenant, row: prediction id) and back.</summary>
internal static class PredictionEntities
{
    public static TableEntity ToEntity(PredictionRecord record) => new(record.TenantId, record.Id)
    {
        ["Model"] = record.Model,
        ["KeyId"] = record.KeyId,
        ["Version"] = record.Version,
        ["Status"] = record.Status,
        ["Reason"] = record.Reason,
        ["ResolvedVersion"] = record.ResolvedVersion,
        ["Attempts"] = record.Attempts,
        ["WebhookUrl"] = record.WebhookUrl,
        ["WebhookSecret"] = record.WebhookSecret,
        ["WebhookStatus"] = record.WebhookStatus,
        ["UsageEventJson"] = record.UsageEventJson,
        ["CreatedAt"] = record.CreatedAt,
        ["UpdatedAt"] = record.UpdatedAt,
    };

    public static PredictionRecord ToRecord(TableEntity entity) => new()
    {
        Id = entity.RowKey,
        TenantId = entity.PartitionKey,
        Model = entity.GetString("Model") ?? string.Empty,
        KeyId = entity.GetString("KeyId"),
        Version = entity.GetString("Version"),
        Status = entity.GetString("Status") ?? PredictionStatus.Queued,
        Reason = entity.GetString("Reason"),
        ResolvedVersion = entity.GetInt32("ResolvedVersion"),
        Attempts = entity.GetInt32("Attempts") ?? 0,
        WebhookUrl = entity.GetString("WebhookUrl"),
        WebhookSecret = entity.GetString("WebhookSecret"),
        WebhookStatus = entity.GetString("WebhookStatus"),
        UsageEventJson = entity.GetString("UsageEventJson"),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
    };
}
