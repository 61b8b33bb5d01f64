namespace ModelService.LoadTest;

/// <summary>One measured run: how many calls, how long, and their latencies (sorted).</summary>
internal sealed record LoadResult(string Model, string Path, int Clients, int Requests, int Failures, TimeSpan Elapsed, double[] LatenciesMs)
{
    /// <summary>Calls answered 200, warm-up included: what the ledger must bill when the path is billed.</summary>
    public int Answered { get; init; }

    /// <summary>Storage requests counted while the cell ran and its usage was recorded (null: not counted).</summary>
    public long? StorageRequests { get; init; }

    public double Throughput => Requests / Elapsed.TotalSeconds;

    public double P50 => Percentile(0.50);

    public double P99 => Percentile(0.99);

    private double Percentile(double p)
    {
        if (LatenciesMs.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p * LatenciesMs.Length) - 1;
        return LatenciesMs[Math.Clamp(rank, 0, LatenciesMs.Length - 1)];
    }
}
