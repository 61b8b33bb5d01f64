namespace ModelService.FunctionsHost.HostConfiguration;

/// <summary>host.json extensions.queues, with the real host's defaults for anything not set.</summary>
public sealed record QueueHostOptions
{
    public int MaxDequeueCount { get; init; } = 5;

    /// <summary>How long a failed message stays invisible before its next attempt (the real default is zero).</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.Zero;

    public int BatchSize { get; init; } = 16;

    /// <summary>Fetch the next batch when this many or fewer messages are still running (default batchSize / 2).</summary>
    public int? NewBatchThreshold { get; init; }

    public TimeSpan MaxPollingInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>"base64" (the extension's default) or "none".</summary>
    public string MessageEncoding { get; init; } = "base64";

    public int EffectiveNewBatchThreshold => NewBatchThreshold ?? BatchSize / 2;

    public bool UsesBase64 => !string.Equals(MessageEncoding, "none", StringComparison.OrdinalIgnoreCase);
}
