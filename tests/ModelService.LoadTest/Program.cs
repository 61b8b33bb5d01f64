using ModelService.LoadTest;

// Bounded load against a local run (./scripts/load-test.sh starts one): see LoadTestOptions.Usage.
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
