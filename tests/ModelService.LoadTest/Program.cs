using ModelService.LoadTest;

// Bounded load against a local run (./scripts/load-test.sh starts one): see LoadTestOptions.Usage.
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
using var http = new HttpTarget(options.Endpoint, options.Clients.Max(), key);
var models = await ModelPreparation.PrepareAsync(inProcess, options, Console.Out, stopping.Token);
if (models.Count == 0 && !options.Codec)
{
    await Console.Error.WriteLineAsync("No model to measure: publish the samples or pass --synthetic.");
    return 1;
}

var results = new List<LoadResult>();
foreach (var (model, body) in models)
{
    foreach (var clients in options.Clients)
    {
        if (options.InProcess)
        {
            results.Add(await LoadRunner.RunAsync(model, "in-process", clients, inProcess.Infer(model, body, key), options, stopping.Token));
            Console.WriteLine(Describe(results[^1]));
        }

        if (options.Http)
        {
            results.Add(await LoadRunner.RunAsync(model, "http", clients, http.Infer(model, body), options, stopping.Token));
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
                results.Add(await LoadRunner.RunAsync(model, "in-process", clients, inProcess.Infer(CodecWorkload.Name, body, key, length), options, stopping.Token));
                Console.WriteLine(Describe(results[^1]));
            }

            if (options.Http)
            {
                results.Add(await LoadRunner.RunAsync(model, "http", clients, http.Infer(CodecWorkload.Name, body, length), options, stopping.Token));
                Console.WriteLine(Describe(results[^1]));
            }
        }
    }
}

var table = Report.Markdown(results);
Console.WriteLine();
Console.WriteLine(table);
if (options.Markdown is { } file)
{
    await File.WriteAllTextAsync(file, table, stopping.Token);
}

return results.Any(r => r.Failures > 0) ? 1 : 0;

static string Describe(LoadResult r) => string.Create(System.Globalization.CultureInfo.InvariantCulture,
    $"{r.Model,-24} {r.Path,-10} clients {r.Clients,2}: {r.Requests,6} requests ({r.Failures} failed), {r.Throughput,8:F0} req/s, p50 {r.P50:F3} ms, p99 {r.P99:F3} ms");

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
