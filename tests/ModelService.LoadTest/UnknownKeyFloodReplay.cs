using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace ModelService.LoadTest;

/// <summary>
/// Replays finding 3 of issue 13: a flood of requests with unknown API keys (each well-formed, each different) to an
/// authenticated route that is not the infer route. Prints how long rejecting them took, their rate and latency,
/// and whether every one was a 401, and the latency of a real tenant's call made during the flood.
/// </summary>
internal static class UnknownKeyFloodReplay
{
    public const string Mode = "hostile-keys";

    public static async Task<int> RunAsync(LoadTestOptions options, int requests, int clients, CancellationToken cancellationToken)
    {
        using var inProcess = new InProcessTarget(options);
        var key = await LoadTenant.CreateKeyAsync(inProcess.Tenants, cancellationToken);
        var (model, _) = (await ModelPreparation.PrepareAsync(inProcess, options with { Models = [], Synthetic = true }, Console.Out, cancellationToken)).Single();
#pragma warning disable CA2000 // The HttpClient owns the handler and disposes it with itself (disposeHandler defaults to true).
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = clients }) { BaseAddress = options.Endpoint, Timeout = TimeSpan.FromSeconds(30) };
#pragma warning restore CA2000

        var latencies = new double[requests];
        var statuses = new HttpStatusCode[requests];
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        var flood = Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"v2/models/{model}");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "msk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)) + "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)));
                var started = Stopwatch.GetTimestamp();
                using var response = await client.SendAsync(request, cancellationToken);
                latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                statuses[i] = response.StatusCode;
            }
        }));
        await Task.Delay(200, cancellationToken);
        using var legitimate = new HttpRequestMessage(HttpMethod.Get, $"v2/models/{model}");
        legitimate.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        var legitimateStarted = Stopwatch.GetTimestamp();
        using var legitimateResponse = await client.SendAsync(legitimate, cancellationToken);
        var legitimateMs = Stopwatch.GetElapsedTime(legitimateStarted).TotalMilliseconds;
        await flood;
        var elapsed = stopwatch.Elapsed;

        Array.Sort(latencies);
        var unauthorized = statuses.Count(s => s == HttpStatusCode.Unauthorized);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{requests} unknown keys over {clients} connections: rejected in {elapsed.TotalSeconds:F1} s ({requests / elapsed.TotalSeconds:F0}/s), {unauthorized} answered 401, p50 {latencies[requests / 2]:F1} ms, p99 {latencies[(int)(requests * 0.99)]:F1} ms; a real key's call during the flood: {(int)legitimateResponse.StatusCode} in {legitimateMs:F1} ms"));
        Console.WriteLine();
        Console.WriteLine("| unknown keys | connections | time to reject all | rate | 401s | p50 | p99 | real key during flood |");
        Console.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {requests} | {clients} | {elapsed.TotalSeconds:F1} s | {requests / elapsed.TotalSeconds:F0}/s | {unauthorized} | {latencies[requests / 2]:F1} ms | {latencies[(int)(requests * 0.99)]:F1} ms | {legitimateMs:F1} ms |"));
        return unauthorized == requests ? 0 : 1;
    }
}
