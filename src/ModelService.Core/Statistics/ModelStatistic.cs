namespace ModelService.Core.Statistics;

/// <summary>The statistics extension's <c>$model_stat</c> for one model version, on this instance.</summary>
public sealed record ModelStatistic(
    string Name,
    string Version,
    long LastInference,
    long InferenceCount,
    long ExecutionCount,
    InferenceStatistics InferenceStats,
    IReadOnlyList<object> BatchStats);
