namespace ModelService.Core.Statistics;

/// <summary>Lock-free counters of one model version; phases follow Triton's statistics extension.</summary>
internal sealed class ModelVersionCounters
{
    private readonly long[] _counts = new long[(int)StatisticPhase.Count];
    private readonly long[] _nanoseconds = new long[(int)StatisticPhase.Count];
    private long _inferences;
    private long _executions;
    private long _lastInferenceMs;

    public ModelVersionCounters(string name, string version)
    {
        Name = name;
        Version = version;
    }

    public string Name { get; }

    public string Version { get; }

    public void Add(StatisticPhase phase, TimeSpan duration)
    {
        Interlocked.Increment(ref _counts[(int)phase]);
        Interlocked.Add(ref _nanoseconds[(int)phase], (long)(duration.Ticks * 100L));
    }

    public void Executed(long items, long unixMs)
    {
        Interlocked.Add(ref _inferences, items);
        Interlocked.Increment(ref _executions);
        Interlocked.Exchange(ref _lastInferenceMs, unixMs);
    }

    public void Attempted(long unixMs) => Interlocked.Exchange(ref _lastInferenceMs, unixMs);

    public ModelStatistic Snapshot() => new(
        Name,
        Version,
        Interlocked.Read(ref _lastInferenceMs),
        Interlocked.Read(ref _inferences),
        Interlocked.Read(ref _executions),
        new InferenceStatistics(
            Stat(StatisticPhase.Success),
            Stat(StatisticPhase.Fail),
            Stat(StatisticPhase.Queue),
            Stat(StatisticPhase.ComputeInput),
            Stat(StatisticPhase.ComputeInfer),
            Stat(StatisticPhase.ComputeOutput),
            new DurationStatistic(0, 0),
            new DurationStatistic(0, 0)),
        []);

    private DurationStatistic Stat(StatisticPhase phase) =>
        new(Interlocked.Read(ref _counts[(int)phase]), Interlocked.Read(ref _nanoseconds[(int)phase]));
}
