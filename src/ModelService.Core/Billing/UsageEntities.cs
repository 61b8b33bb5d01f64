using System.Globalization;
using Azure.Data.Tables;

namespace ModelService.Core.Billing;

/// <summary>Maps ledger rows and totals rows to table entities and back.</summary>
internal static class UsageEntities
{
    public static TableEntity Ledger(string partition, UsageEvent usage) => new(partition, UsageKeys.Ledger(usage.CallId))
    {
        ["CallId"] = usage.CallId,
        ["TenantId"] = usage.TenantId,
        ["KeyId"] = usage.KeyId,
        ["Model"] = usage.Model,
        ["Version"] = usage.Version,
        ["Kind"] = usage.Kind,
        ["Items"] = usage.Items,
        ["Evaluations"] = usage.Evaluations,
        ["ComputeMicros"] = usage.ComputeMicros,
        ["EnergyNanoWattHours"] = usage.EnergyNanoWattHours,
        ["Co2eNanograms"] = usage.Co2eNanograms,
        ["Status"] = usage.Status,
        ["Error"] = usage.Error,
        ["AmountMicros"] = usage.AmountMicros,
        ["OccurredAt"] = usage.OccurredAt,
    };

    public static UsageEvent ToEvent(TableEntity entity) => new()
    {
        CallId = entity.GetString("CallId") ?? string.Empty,
        TenantId = entity.GetString("TenantId") ?? string.Empty,
        KeyId = entity.GetString("KeyId"),
        Model = entity.GetString("Model") ?? string.Empty,
        Version = entity.GetInt32("Version"),
        Kind = entity.GetString("Kind") ?? UsageKinds.Sync,
        Items = entity.GetInt64("Items") ?? 0,
        Evaluations = entity.GetInt64("Evaluations"),
        ComputeMicros = entity.GetInt64("ComputeMicros") ?? 0,
        EnergyNanoWattHours = entity.GetInt64("EnergyNanoWattHours"),
        Co2eNanograms = entity.GetInt64("Co2eNanograms"),
        Status = entity.GetString("Status") ?? UsageStatus.Failed,
        Error = entity.GetString("Error"),
        AmountMicros = entity.GetInt64("AmountMicros") ?? 0,
        OccurredAt = entity.GetDateTimeOffset("OccurredAt") ?? DateTimeOffset.MinValue,
    };

    public static TableEntity Totals(string partition, UsageTotals totals) => new(partition, UsageKeys.Totals(totals.Day, totals.Model))
    {
        ["Day"] = totals.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["Model"] = totals.Model,
        ["Calls"] = totals.Calls,
        ["FailedCalls"] = totals.FailedCalls,
        ["Items"] = totals.Items,
        ["ComputeMicros"] = totals.ComputeMicros,
        ["AmountMicros"] = totals.AmountMicros,
        ["EnergyNanoWattHours"] = totals.EnergyNanoWattHours,
        ["Co2eNanograms"] = totals.Co2eNanograms,
    };

    public static UsageTotals ToTotals(TableEntity entity) => new(
        DateOnly.ParseExact(entity.GetString("Day") ?? "0001-01-01", "yyyy-MM-dd", CultureInfo.InvariantCulture),
        entity.GetString("Model") ?? string.Empty,
        entity.GetInt64("Calls") ?? 0,
        entity.GetInt64("FailedCalls") ?? 0,
        entity.GetInt64("Items") ?? 0,
        entity.GetInt64("ComputeMicros") ?? 0,
        entity.GetInt64("AmountMicros") ?? 0,
        entity.GetInt64("EnergyNanoWattHours") ?? 0,
        entity.GetInt64("Co2eNanograms") ?? 0);
}
