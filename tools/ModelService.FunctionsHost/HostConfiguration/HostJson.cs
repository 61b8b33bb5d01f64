using System.Globalization;
using System.Text.Json;

namespace ModelService.FunctionsHost.HostConfiguration;

/// <summary>The parts of host.json this host honours: the HTTP route prefix and the queue settings.</summary>
public sealed record HostJson(string RoutePrefix, QueueHostOptions Queues)
{
    /// <summary>The real host's default when host.json says nothing.</summary>
    public const string DefaultRoutePrefix = "api";

    public static HostJson Default { get; } = new(DefaultRoutePrefix, new QueueHostOptions());

    public static HostJson Load(string directory)
    {
        var path = Path.Combine(directory, "host.json");
        return File.Exists(path) ? Parse(File.ReadAllText(path)) : Default;
    }

    public static HostJson Parse(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        var extensions = Property(document.RootElement, "extensions");
        var http = extensions is { } e ? Property(e, "http") : null;
        var queues = extensions is { } q ? Property(q, "queues") : null;

        var routePrefix = http is { } h && Property(h, "routePrefix") is { ValueKind: JsonValueKind.String } prefix
            ? prefix.GetString() ?? DefaultRoutePrefix
            : DefaultRoutePrefix;
        return new HostJson(routePrefix.Trim('/'), queues is { } section ? ParseQueues(section) : new QueueHostOptions());
    }

    private static QueueHostOptions ParseQueues(JsonElement section)
    {
        var defaults = new QueueHostOptions();
        return new QueueHostOptions
        {
            MaxDequeueCount = Int(section, "maxDequeueCount") ?? defaults.MaxDequeueCount,
            VisibilityTimeout = Time(section, "visibilityTimeout") ?? defaults.VisibilityTimeout,
            BatchSize = Int(section, "batchSize") ?? defaults.BatchSize,
            NewBatchThreshold = Int(section, "newBatchThreshold"),
            MaxPollingInterval = Time(section, "maxPollingInterval") ?? defaults.MaxPollingInterval,
            MessageEncoding = Property(section, "messageEncoding")?.GetString() ?? defaults.MessageEncoding,
        };
    }

    // host.json keys are case-insensitive in the real host.
    private static JsonElement? Property(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        return null;
    }

    private static int? Int(JsonElement section, string name) => Property(section, name) switch
    {
        { ValueKind: JsonValueKind.Number } number => number.GetInt32(),
        { ValueKind: JsonValueKind.String } text => int.Parse(text.GetString()!, CultureInfo.InvariantCulture),
        _ => null,
    };

    private static TimeSpan? Time(JsonElement section, string name) => Property(section, name) switch
    {
        { ValueKind: JsonValueKind.String } text => TimeSpan.Parse(text.GetString()!, CultureInfo.InvariantCulture),
        // A number is milliseconds, as the real host reads maxPollingInterval.
        { ValueKind: JsonValueKind.Number } number => TimeSpan.FromMilliseconds(number.GetDouble()),
        _ => null,
    };
}
