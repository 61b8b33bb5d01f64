using System.Diagnostics;

namespace ModelService.LoadTest;

/// <summary>
/// Closed-loop load: each client sends its next request when the last one answered. A warm-up period is not
/// measured; the measured period stops at the duration or the request budget, whichever comes first.
/// </summary>
internal static class LoadRunner
{
    public static async Task<LoadResult> RunAsync(string model, string path, int clients, Func<CancellationToken, Task<bool>> call, LoadTestOptions options, CancellationToken cancellationToken)
    {
        var warmup = await RunPhaseAsync(clients, call, options.Warmup, int.MaxValue, null, cancellationToken);
        return await MeasureAsync(model, path, clients, call, options.Duration, options.MaxRequests, warmup.Answered, cancellationToken);
    }

    /// <summary>One measured phase without warm-up (the kill phase, where the worker dies in the middle).</summary>
    public static async Task<LoadResult> MeasureAsync(string model, string path, int clients, Func<CancellationToken, Task<bool>> call, TimeSpan duration, int maxRequests, int answeredBefore, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[clients];
        var (requests, failures, elapsed, answered) = await RunPhaseAsync(clients, call, duration, maxRequests, latencies, cancellationToken);
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadResult(model, path, clients, requests, failures, elapsed, all) { Answered = answeredBefore + answered };
    }

    private static async Task<(int Requests, int Failures, TimeSpan Elapsed, int Answered)> RunPhaseAsync(
        int clients, Func<CancellationToken, Task<bool>> call, TimeSpan duration, int maxRequests, List<double>[]? latencies, CancellationToken cancellationToken)
    {
        var budget = maxRequests;
        var failures = 0;
        var answered = 0;
        var stopwatch = Stopwatch.StartNew();
        var deadline = duration;
        var workers = Enumerable.Range(0, clients).Select(async client =>
        {
            var mine = new List<double>(1024);
            if (latencies is not null)
            {
                latencies[client] = mine;
            }

            // Yield first so that all clients start together rather than one after another.
            await Task.Yield();
            while (stopwatch.Elapsed < deadline && Interlocked.Decrement(ref budget) >= 0 && !cancellationToken.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await CallAsync(call, cancellationToken);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (ok)
                {
                    Interlocked.Increment(ref answered);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
        }).ToArray();
        await Task.WhenAll(workers);
        var requests = latencies?.Sum(l => l.Count) ?? 0;
        return (requests, failures, stopwatch.Elapsed, answered);
    }

    /// <summary>A call that throws (a timeout, a refused connection) is a failed request, not the end of the run.</summary>
    private static async Task<bool> CallAsync(Func<CancellationToken, Task<bool>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
