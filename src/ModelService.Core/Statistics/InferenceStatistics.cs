namespace ModelService.Core.Statistics;

/// <summary>The statistics extension's <c>$inference_stats</c> (this service has no response cache: cache_hit stays 0).</summary>
public sealed record InferenceStatistics(
    DurationStatistic Success,
    DurationStatistic Fail,
    DurationStatistic Queue,
    DurationStatistic ComputeInput,
    DurationStatistic ComputeInfer,
    DurationStatistic ComputeOutput,
    DurationStatistic CacheHit,
    DurationStatistic CacheMiss);
