using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Logging;
using ModelService.FunctionsHost.HostConfiguration;
using ModelService.Testing;

namespace ModelService.FunctionsHost.Tests;

/// <summary>
/// Azurite plus one development host running the test worker, shared by the collection. Queue and container
/// names are app settings, unique per fixture, so runs never see each other's messages.
/// </summary>
public sealed class HostFixture : IAsyncLifetime
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public AzuriteFixture Azurite { get; } = new();

    public CapturedLog Log { get; } = new();

    public string InputQueue { get; } = TestNames.Container("in");

    public string OutputQueue { get; } = TestNames.Container("out");

    public string InspectQueue { get; } = TestNames.Container("inspect");

    public string OutputContainer { get; } = TestNames.Container("blobs");

    public RunningDevelopmentHost Host { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Azurite.InitializeAsync();
        Host = await StartHostAsync(Log);
        Http = new HttpClient { BaseAddress = Host.HttpUrl, Timeout = Timeout };
    }

    /// <summary>Another host on the same worker and queues (tests that kill or stop it use their own).</summary>
    public async Task<RunningDevelopmentHost> StartHostAsync(CapturedLog log)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        return await DevelopmentHost.StartAsync(Options(log), timeout.Token);
    }

    public DevelopmentHostOptions Options(CapturedLog log, string? inputQueue = null, Func<QueueHostOptions, QueueHostOptions>? queues = null,
        IReadOnlyDictionary<string, string>? settings = null) => new()
    {
        WorkerDirectory = TestWorkerBuild.Directory,
        Port = 0,
        StorageConnectionString = Azurite.ConnectionString,
        Environment = new Dictionary<string, string>(settings ?? new Dictionary<string, string>())
        {
            ["InputQueue"] = inputQueue ?? InputQueue,
            ["OutputQueue"] = OutputQueue,
            ["InspectQueue"] = InspectQueue,
            ["OutputContainer"] = OutputContainer,
        },
        ConfigureQueues = queues,
        LogToConsole = false,
        RestartDelay = TimeSpan.FromMilliseconds(200),
        ShutdownGracePeriod = TimeSpan.FromSeconds(3),
        ConfigureLogging = logging => logging.AddProvider(log),
    };

    /// <summary>A client that reads and writes messages as the Functions queue extension does: base64.</summary>
    public QueueClient Queue(string name) =>
        new(Azurite.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public BlobContainerClient Container(string name) => new(Azurite.ConnectionString, name);

    /// <summary>Texts of the messages now visible on a queue, without taking them.</summary>
    public async Task<IReadOnlyList<string>> PeekAsync(string queue)
    {
        var client = Queue(queue);
        if (!await client.ExistsAsync())
        {
            return [];
        }

        var messages = await client.PeekMessagesAsync(32);
        return messages.Value.Select(m => m.Body.ToString()).ToArray();
    }

    public async Task DisposeAsync()
    {
        Http?.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        await Azurite.DisposeAsync();
    }
}
