using Microsoft.Extensions.Logging;

namespace ModelService.FunctionsHost.HostConfiguration;

/// <summary>What the development host runs and how: the worker's build output, the HTTP port, storage.</summary>
public sealed class DevelopmentHostOptions
{
    /// <summary>The Functions host's own storage setting, also the default for bindings without a connection.</summary>
    public const string StorageSettingName = "AzureWebJobsStorage";

    /// <summary>The worker's build output: worker.config.json, functions.metadata, host.json and the worker dll.</summary>
    public required string WorkerDirectory { get; init; }

    /// <summary>HTTP port on 127.0.0.1; 0 takes any free port (tests), see <see cref="RunningDevelopmentHost.HttpUrl"/>.</summary>
    public int Port { get; init; } = 7071;

    /// <summary>Connection string for AzureWebJobsStorage: queue triggers and output bindings without a connection.</summary>
    public string StorageConnectionString { get; init; } = "UseDevelopmentStorage=true";

    /// <summary>Extra environment for the worker process; wins over local.settings.json and this process's own.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>Read the Values of local.settings.json into the worker's environment, as Core Tools does.</summary>
    public bool UseLocalSettings { get; init; } = true;

    /// <summary>Replaces host.json's queues.maxPollingInterval (tests want seconds, not the real default minute).</summary>
    public TimeSpan? MaxPollingInterval { get; init; }

    /// <summary>Changes host.json's queue settings after they are read (tests pin one setting down at a time).</summary>
    public Func<QueueHostOptions, QueueHostOptions>? ConfigureQueues { get; init; }

    /// <summary>How long the worker may take from process start to all functions loaded.</summary>
    public TimeSpan WorkerStartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a stopping worker and in-flight invocations get before they are cut off.</summary>
    public TimeSpan ShutdownGracePeriod { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay before a dead worker is started again; it doubles on every crash in a row.</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between restarts of a worker that keeps crashing.</summary>
    public TimeSpan MaxRestartDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Adds log providers (tests capture the forwarded worker logs); the console is always there.</summary>
    public Action<ILoggingBuilder>? ConfigureLogging { get; init; }

    /// <summary>The least severe log level written (the worker's forwarded logs included); Information by default.</summary>
    public LogLevel MinimumLogLevel { get; init; } = LogLevel.Information;

    /// <summary>Write logs to the console (the command line); tests turn it off to keep their output small.</summary>
    public bool LogToConsole { get; init; } = true;
}
