namespace ModelService.Core.Statistics;

/// <summary>The statistics extension's <c>$duration_stat</c>: how many times, and their total nanoseconds.</summary>
public sealed record DurationStatistic(long Count, long Ns);
