using Microsoft.Extensions.Time.Testing;
using ModelService.Core.Statistics;

namespace ModelService.Core.Tests.Telemetry;

public sealed class ServingStatisticsTests
{
    // Stands still unless moved, so last_inference is known.
    private readonly FakeTimeProvider _time = new(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000));

    [Fact]
    public void Counts_and_durations_add_up_per_version_in_the_statistics_extension_s_units()
    {
        var statistics = new ServingStatistics(_time);
        statistics.Record("m", "1", StatisticPhase.ComputeInfer, TimeSpan.FromMilliseconds(2));
        statistics.Record("m", "1", StatisticPhase.ComputeInfer, TimeSpan.FromMilliseconds(3));
        statistics.Succeeded("m", "1", items: 64, TimeSpan.FromMilliseconds(10));
        statistics.Failed("m", "1", TimeSpan.FromMilliseconds(1));
        statistics.Succeeded("m", "2", items: 1, TimeSpan.FromMilliseconds(1));

        var first = statistics.Snapshot("any", "m", "1").Single();

        Assert.Equal(64, first.InferenceCount);
        Assert.Equal(1, first.ExecutionCount);
        Assert.Equal(new DurationStatistic(2, 5_000_000), first.InferenceStats.ComputeInfer);
        Assert.Equal(new DurationStatistic(1, 10_000_000), first.InferenceStats.Success);
        Assert.Equal(new DurationStatistic(1, 1_000_000), first.InferenceStats.Fail);
        Assert.Equal(1_700_000_000_000, first.LastInference);
        Assert.Equal(["1", "2"], statistics.Snapshot("any", "m").Select(s => s.Version));
    }

    [Fact]
    public void A_private_model_s_statistics_are_seen_by_its_owner_only()
    {
        var statistics = new ServingStatistics(_time);
        statistics.Owned("secret", "acme");
        statistics.Succeeded("secret", "1", 1, TimeSpan.FromMilliseconds(1));
        statistics.Succeeded("public", "1", 1, TimeSpan.FromMilliseconds(1));

        Assert.Equal(["public"], statistics.Snapshot("other").Select(s => s.Name));
        Assert.Equal(["public", "secret"], statistics.Snapshot("acme").Select(s => s.Name));
    }
}
