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

// A first argument hostile-webhook, hostile-answer or hostile-keys replays one of issue 13's findings instead
// (./scripts/hostile-replay.sh): [--hostile N] [--probes N], [--rows N] --worker-pid PID, [--requests N] [--connections N].
string[] replays = [HostileWebhookReplay.Mode, HostileAnswerReplay.Mode, UnknownKeyFloodReplay.Mode];
var replay = args.Length > 0 && replays.Contains(args[0]) ? args[0] : null;
var rest = replay is null ? args : args[1..];
var hostile = TakeCount(ref rest, "--hostile", 32);
var probes = TakeCount(ref rest, "--probes", 16);
var rows = TakeCount(ref rest, "--rows", 1_500_000);
var workerPid = TakeCount(ref rest, "--worker-pid", 0);
var floodRequests = TakeCount(ref rest, "--requests", 5_000);
var floodConnections = TakeCount(ref rest, "--connections", 32);
var options = LoadTestOptions.Parse(rest, Console.Error);
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

switch (replay)
{
    case HostileWebhookReplay.Mode:
        return await HostileWebhookReplay.RunAsync(options, hostile, probes, stopping.Token);
    case HostileAnswerReplay.Mode:
        return await HostileAnswerReplay.RunAsync(options, rows, workerPid, stopping.Token);
    case UnknownKeyFloodReplay.Mode:
        return await UnknownKeyFloodReplay.RunAsync(options, floodRequests, floodConnections, stopping.Token);
}

using var inProcess = new InProcessTarget(options);
var key = await LoadTenant.CreateKeyAsync(inProcess.Tenants, stopping.Token);
var connections = options.Clients.Max();
using var http = new HttpTarget(options.Endpoint, connections, key);
using var floor = options.Floor is { } floorUrl ? new HttpTarget(floorUrl, connections, key) : null;
using var billingOff = options.BillingOff is { } offUrl ? new HttpTarget(offUrl, connections, key) : null;
using var storageLog = options.StorageCounter is { } counter ? new StorageRequestCounter(counter) : null;
var models = await ModelPreparation.PrepareAsync(inProcess, options, Console.Out, stopping.Token);
if (models.Count == 0 && !options.Codec)
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

if (options.Codec && await ModelPreparation.PrepareCodecAsync(inProcess, Console.Out, stopping.Token))
{
    var (json, binary, jsonLength) = CodecWorkload.Bodies();
    foreach (var clients in options.Clients)
    {
        foreach (var (label, body, length) in new[] { ("json", json, (int?)null), ("binary", binary, (int?)jsonLength) })
        {
            var model = $"{CodecWorkload.Name} ({label})";
            if (options.InProcess)
            {
                await MeasureAsync(model, "in-process", clients, inProcess.Infer(CodecWorkload.Name, body, key, length));
            }

            if (options.Http)
            {
                await MeasureAsync(model, "http", clients, http.Infer(CodecWorkload.Name, body, length));
            }
        }
    }
}

if (options.Http && models.Count > 0)
{
    // The warm path's other routes at one client: liveness (no auth) next to model metadata (auth + registry).
    await MeasureAsync(models[0].Model, "GET health", 1, http.Get("v2/health/live"));
    await MeasureAsync(models[0].Model, "GET metadata", 1, http.Get($"v2/models/{models[0].Model}"));
}

var killPhase = options.KillWorkersOf.Count > 0 && options.Http && models.Count > 0
    ? await KillPhase.RunAsync(models[0].Model, http.Infer(models[0].Model, models[0].Body), options.KillWorkersOf, options, stopping.Token)
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
    $"{r.Model,-24} {r.Path,-11} clients {r.Clients,2}: {r.Requests,6} requests ({r.Failures} failed), {r.Throughput,8:F0} req/s, p50 {r.P50:F3} ms, p99 {r.P99:F3} ms{(r.StorageRequests is { } s ? $", {s} storage requests" : "")}");

static int TakeCount(ref string[] args, string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    if (at < 0 || at + 1 >= args.Length)
    {
        return fallback;
    }

    var value = int.Parse(args[at + 1], System.Globalization.CultureInfo.InvariantCulture);
    args = [.. args[..at], .. args[(at + 2)..]];
    return value;
}
