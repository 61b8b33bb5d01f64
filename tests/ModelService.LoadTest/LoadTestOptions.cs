using System.Globalization;

namespace ModelService.LoadTest;

/// <summary>What to measure and for how long; every run is bounded by both a duration and a request count.</summary>
internal sealed record LoadTestOptions
{
    public const string Usage =
        "usage: ModelService.LoadTest [--endpoint http://127.0.0.1:7071] [--storage <connection string>] [--container models]\n" +
        "       [--models iris-mlp,tabular-scorer] [--synthetic] [--clients 1,8,32] [--duration 10] [--max-requests 20000]\n" +
        "       [--warmup 2] [--no-in-process] [--no-http] [--codec] [--markdown <file>]\n" +
        "       [--floor <url>] [--billing-off <url>] [--storage-counter <storage-proxy url>] [--kill-worker-of <host pid>[,<host pid>...]] [--kill-phase 6] [--loss-bound 0]\n" +
        "   or: ModelService.LoadTest floor --port <n> [--models a,b] [--synthetic] [--intra-op-threads n]\n" +
        "   or: ModelService.LoadTest storage-proxy --forward <listen port>=<azurite port> (repeated)";

    public Uri Endpoint { get; init; } = new("http://127.0.0.1:7071/");

    public string Storage { get; init; } = "UseDevelopmentStorage=true";

    public string Container { get; init; } = "models";

    public IReadOnlyList<string> Models { get; init; } = ["iris-mlp", "tabular-scorer"];

    /// <summary>Publish and measure a tiny generated model too (y = x + bias), for when models/ has no samples.</summary>
    public bool Synthetic { get; init; }

    /// <summary>Also measure one model with 10,000 FP32 elements in and out, as JSON tensors and as binary tensor data.</summary>
    public bool Codec { get; init; }

    public IReadOnlyList<int> Clients { get; init; } = [1, 8, 32];

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    public int MaxRequests { get; init; } = 20_000;

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(2);

    public bool InProcess { get; init; } = true;

    public bool Http { get; init; } = true;

    public string? Markdown { get; init; }

    /// <summary>The bare ONNX Runtime server (<c>floor</c> mode of this program) on the same models.</summary>
    public Uri? Floor { get; init; }

    /// <summary>A second host of the same worker with <c>Billing:UsageDurability=Discard</c>.</summary>
    public Uri? BillingOff { get; init; }

    /// <summary>The storage counting proxy every process talks to storage through; its count is read around the billed cells.</summary>
    public Uri? StorageCounter { get; init; }

    /// <summary>Development hosts' process ids (the serving host, the ledger's): their workers are killed together in the middle of the kill phase.</summary>
    public IReadOnlyList<int> KillWorkersOf { get; init; } = [];

    public TimeSpan KillPhase { get; init; } = TimeSpan.FromSeconds(6);

    /// <summary>Answered calls the kill may lose: 0 under group commit; the buffer's bound under Asynchronous.</summary>
    public long LossBound { get; init; }

    public static LoadTestOptions? Parse(IReadOnlyList<string> args, TextWriter errors)
    {
        var options = new LoadTestOptions
        {
            Storage = Environment.GetEnvironmentVariable("MODELSVC_STORAGE") is { Length: > 0 } storage ? storage : "UseDevelopmentStorage=true",
            Endpoint = Environment.GetEnvironmentVariable("MODELSVC_ENDPOINT") is { Length: > 0 } endpoint ? new Uri(endpoint) : new Uri("http://127.0.0.1:7071/"),
        };
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            LoadTestOptions? next = (args[i], value) switch
            {
                ("--endpoint", { } v) => options with { Endpoint = new Uri(v) },
                ("--storage", { } v) => options with { Storage = v },
                ("--container", { } v) => options with { Container = v },
                ("--models", { } v) => options with { Models = v.Split(',', StringSplitOptions.RemoveEmptyEntries) },
                ("--clients", { } v) => options with { Clients = v.Split(',').Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToArray() },
                ("--duration", { } v) => options with { Duration = TimeSpan.FromSeconds(double.Parse(v, CultureInfo.InvariantCulture)) },
                ("--max-requests", { } v) => options with { MaxRequests = int.Parse(v, CultureInfo.InvariantCulture) },
                ("--warmup", { } v) => options with { Warmup = TimeSpan.FromSeconds(double.Parse(v, CultureInfo.InvariantCulture)) },
                ("--markdown", { } v) => options with { Markdown = v },
                ("--floor", { } v) => options with { Floor = new Uri(v) },
                ("--billing-off", { } v) => options with { BillingOff = new Uri(v) },
                ("--storage-counter", { } v) => options with { StorageCounter = new Uri(v) },
                ("--kill-worker-of", { } v) => options with { KillWorkersOf = [.. v.Split(',').Select(pid => int.Parse(pid, CultureInfo.InvariantCulture))] },
                ("--loss-bound", { } v) => options with { LossBound = long.Parse(v, CultureInfo.InvariantCulture) },
                ("--kill-phase", { } v) => options with { KillPhase = TimeSpan.FromSeconds(double.Parse(v, CultureInfo.InvariantCulture)) },
                _ => null,
            };
            if (next is not null)
            {
                options = next;
                i++;
                continue;
            }

            switch (args[i])
            {
                case "--synthetic":
                    options = options with { Synthetic = true };
                    break;
                case "--codec":
                    options = options with { Codec = true };
                    break;
                case "--no-in-process":
                    options = options with { InProcess = false };
                    break;
                case "--no-http":
                    options = options with { Http = false };
                    break;
                default:
                    errors.WriteLine($"Unknown or incomplete option '{args[i]}'.");
                    errors.WriteLine(Usage);
                    return null;
            }
        }

        return options;
    }
}
