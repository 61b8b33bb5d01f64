using ModelService.LoadTest;

// Bounded load against a local run (./scripts/load-test.sh starts one): see LoadTestOptions.Usage.
if (args.Length > 0 && args[0] == "floor")
{
    return await FloorServer.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == "storage-proxy")
{
    return await StorageCountingProxy.RunAsync(args[1..]);
}

var options = LoadTestOptions.Parse(args, Console.Error);
if (options is null)
{
    return 2;
}

using var stopping = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stopping.Cancel();
};

using var inProcess = new InProcessTarget(options);
var key = await LoadTenant.CreateKeyAsync(inProcess.Tenants, stopping.Token);
var connections = options.Clients.Max();
using var http = new HttpTarget(options.Endpoint, connections, key);
using var floor = options.Floor is { } floorUrl ? new HttpTarget(floorUrl, connections, key) : null;
using var billingOff = options.BillingOff is { } offUrl ? new HttpTarget(offUrl, connections, key) : null;
using var storageLog = options.StorageCounter is { } counter ? new StorageRequestCounter(counter) : null;
var models = await ModelPreparation.PrepareAsync(inProcess, options, Console.Out, stopping.Token);
if (models.Count == 0)
{
    await Console.Error.WriteLineAsync("No model to measure: publish the samples or pass --synthetic.");
    return 1;
}

var results = new List<LoadResult>();
async Task MeasureAsync(string model, string path, int clients, Func<CancellationToken, Task<bool>> call)
{
    results.Add(await LoadRunner.RunAsync(model, path, clients, call, options, stopping.Token));
    Console.WriteLine(Describe(results[^1]));
}

foreach (var (model, body) in models)
{
    foreach (var clients in options.Clients)
    {
        if (options.InProcess)
        {
            await MeasureAsync(model, "in-process", clients, inProcess.Infer(model, body, key));
        }

        if (floor is not null)
        {
            await MeasureAsync(model, "floor", clients, floor.Infer(model, body));
        }

        if (billingOff is not null)
        {
            await MeasureAsync(model, "billing-off", clients, billingOff.Infer(model, body));
        }

        if (options.Http)
        {
            // Storage requests from an idle ledger to an idle ledger: the cell's calls and all the recording they cause.
            await UsageDrain.WaitAsync(options.Storage, TimeSpan.FromSeconds(60), stopping.Token);
            var before = storageLog is null ? 0 : await storageLog.CountAsync(stopping.Token);
            var billed = await LoadRunner.RunAsync(model, "http", clients, http.Infer(model, body), options, stopping.Token);
            await UsageDrain.WaitAsync(options.Storage, TimeSpan.FromSeconds(60), stopping.Token);
            results.Add(billed with { StorageRequests = storageLog is null ? null : await storageLog.CountAsync(stopping.Token) - before });
            Console.WriteLine(Describe(results[^1]));
        }
    }
}

if (options.Http)
{
    // The warm path's other routes at one client: liveness (no auth) next to model metadata (auth + registry).
    await MeasureAsync(models[0].Model, "GET health", 1, http.Get("v2/health/live"));
    await MeasureAsync(models[0].Model, "GET metadata", 1, http.Get($"v2/models/{models[0].Model}"));
}

var killPhase = options.KillWorkerOf is { } hostPid && options.Http
    ? await KillPhase.RunAsync(models[0].Model, http.Infer(models[0].Model, models[0].Body), hostPid, options, stopping.Token)
    : null;
var exactness = options.Http
    ? await Exactness.CheckAsync(inProcess, options, results.Where(r => r.Path == "http").Sum(r => r.Answered) + (killPhase?.Answered ?? 0), stopping.Token)
    : null;

var table = Report.Markdown(results, killPhase, exactness);
Console.WriteLine();
Console.WriteLine(table);
if (options.Markdown is { } file)
{
    await File.WriteAllTextAsync(file, table, stopping.Token);
}

return results.Any(r => r.Failures > 0) || exactness is { Exact: false } ? 1 : 0;

static string Describe(LoadResult r) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
    $"{r.Model,-16} {r.Path,-11} clients {r.Clients,2}: {r.Requests,6} requests ({r.Failures} failed), {r.Throughput,8:F0} req/s, p50 {r.P50:F3} ms, p99 {r.P99:F3} ms{(r.StorageRequests is { } s ? $", {s} storage requests" : "")}");
