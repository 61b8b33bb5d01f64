using System.Text.Json;
using Azure;
using Azure.Data.Tables;

namespace ModelService.Core.Training;

/// <summary>Jobs and events to table entities and back. Dictionaries are stored as JSON strings.</summary>
internal static class TrainingJobEntities
{
    public static TableEntity ToEntity(TrainingJob job)
    {
        var entity = new TableEntity(job.TenantId, job.Id)
        {
            ["Recipe"] = job.Recipe,
            ["Dataset"] = job.Dataset,
            ["Label"] = job.Label,
            ["OutputModel"] = job.OutputModel,
            ["Hyperparameters"] = JsonSerializer.Serialize(job.Hyperparameters, TrainingJson.Options),
            ["SensitiveColumns"] = job.SensitiveColumns.Count == 0 ? null : JsonSerializer.Serialize(job.SensitiveColumns, TrainingJson.Options),
            ["UseSensitiveAsFeatures"] = job.UseSensitiveAsFeatures,
            ["MaxParityGap"] = job.MaxParityGap,
            ["Status"] = job.Status.ToWireName(),
            ["Reason"] = job.Reason,
            ["Attempts"] = job.Attempts,
            ["CancelRequested"] = job.CancelRequested,
            ["HeartbeatAt"] = job.HeartbeatAt,
            ["LeaseExpiresAt"] = job.LeaseExpiresAt,
            ["ResultVersion"] = job.ResultVersion,
            ["Metrics"] = job.Metrics is null ? null : JsonSerializer.Serialize(job.Metrics, TrainingJson.Options),
            ["TrainingSeconds"] = job.TrainingSeconds,
            ["Device"] = job.Device,
            ["FinishedAt"] = job.FinishedAt,
            ["BilledAt"] = job.BilledAt,
            ["KeyId"] = job.KeyId,
            ["CreatedAt"] = job.CreatedAt,
            ["UpdatedAt"] = job.UpdatedAt,
        };
        entity.ETag = job.ETag is null ? default : new ETag(job.ETag);
        return entity;
    }

    public static TrainingJob ToJob(TableEntity entity) => new()
    {
        Id = entity.RowKey,
        TenantId = entity.PartitionKey,
        Recipe = entity.GetString("Recipe"),
        Dataset = entity.GetString("Dataset"),
        Label = entity.GetString("Label"),
        OutputModel = entity.GetString("OutputModel"),
        Hyperparameters = Deserialize<Dictionary<string, string>>(entity.GetString("Hyperparameters")) ?? [],
        SensitiveColumns = Deserialize<List<string>>(entity.GetString("SensitiveColumns")) ?? [],
        UseSensitiveAsFeatures = entity.GetBoolean("UseSensitiveAsFeatures") ?? false,
        MaxParityGap = entity.GetDouble("MaxParityGap"),
        Status = Enum.Parse<TrainingJobStatus>(entity.GetString("Status"), ignoreCase: true),
        Reason = entity.GetString("Reason"),
        Attempts = entity.GetInt32("Attempts") ?? 0,
        CancelRequested = entity.GetBoolean("CancelRequested") ?? false,
        HeartbeatAt = entity.GetDateTimeOffset("HeartbeatAt"),
        LeaseExpiresAt = entity.GetDateTimeOffset("LeaseExpiresAt"),
        ResultVersion = entity.GetInt32("ResultVersion"),
        Metrics = Deserialize<Dictionary<string, double>>(entity.GetString("Metrics")),
        TrainingSeconds = entity.GetDouble("TrainingSeconds") ?? 0,
        Device = entity.GetString("Device"),
        FinishedAt = entity.GetDateTimeOffset("FinishedAt"),
        BilledAt = entity.GetDateTimeOffset("BilledAt"),
        KeyId = entity.GetString("KeyId"),
        CreatedAt = entity.GetDateTimeOffset("CreatedAt") ?? DateTimeOffset.MinValue,
        UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? DateTimeOffset.MinValue,
        ETag = entity.ETag.ToString(),
    };

    public static TableEntity ToEntity(string jobId, TrainingEvent trainingEvent) => new(jobId, SequenceKey(trainingEvent.Sequence))
    {
        ["At"] = trainingEvent.At,
        ["Kind"] = trainingEvent.Kind,
        ["Message"] = trainingEvent.Message,
        ["Epoch"] = trainingEvent.Epoch,
        ["Epochs"] = trainingEvent.Epochs,
        ["TrainLoss"] = trainingEvent.TrainLoss,
        ["ValidationLoss"] = trainingEvent.ValidationLoss,
        ["MetricName"] = trainingEvent.MetricName,
        ["MetricValue"] = trainingEvent.MetricValue,
    };

    public static TrainingEvent ToEvent(TableEntity entity) => new()
    {
        Sequence = int.Parse(entity.RowKey, System.Globalization.CultureInfo.InvariantCulture),
        At = entity.GetDateTimeOffset("At") ?? DateTimeOffset.MinValue,
        Kind = entity.GetString("Kind"),
        Message = entity.GetString("Message"),
        Epoch = entity.GetInt32("Epoch"),
        Epochs = entity.GetInt32("Epochs"),
        TrainLoss = entity.GetDouble("TrainLoss"),
        ValidationLoss = entity.GetDouble("ValidationLoss"),
        MetricName = entity.GetString("MetricName"),
        MetricValue = entity.GetDouble("MetricValue"),
    };

    /// <summary>Zero-padded so the table's string order is the events' order.</summary>
    public static string SequenceKey(int sequence) => sequence.ToString("D8", System.Globalization.CultureInfo.InvariantCulture);

    private static T? Deserialize<T>(string? json)
        where T : class => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<T>(json, TrainingJson.Options);
}
