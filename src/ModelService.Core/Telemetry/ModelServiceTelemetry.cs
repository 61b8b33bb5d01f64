using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ModelService.Core.Telemetry;

/// <summary>
/// The service's OpenTelemetry sources: one <see cref="ActivitySource"/> (spans resolve, load, run, serialise,
/// bill) and one <see cref="Meter"/>. Hosts subscribe by <see cref="Name"/>; nothing here knows an exporter. Tags
/// carry model names, versions, outcomes and error codes, never payloads. docs/telemetry.md lists every one.
/// </summary>
public static class ModelServiceTelemetry
{
    public const string Name = "ModelService";

    public static ActivitySource Source { get; } = new(Name);

    public static Meter Meter { get; } = new(Name);

    /// <summary>Infer calls by model, version and outcome (status code class or error code).</summary>
    public static Counter<long> Requests { get; } = Meter.CreateCounter<long>("modelsvc.inference.requests", "{request}", "Inference calls by model, version and outcome.");

    /// <summary>Time of an infer call from resolve to its response ready to write (writing is the serialise span).</summary>
    public static Histogram<double> Duration { get; } = Meter.CreateHistogram<double>("modelsvc.inference.duration", "s", "Inference call duration, resolve to response ready.");

    public static Counter<long> Errors { get; } = Meter.CreateCounter<long>("modelsvc.inference.errors", "{error}", "Failed inference calls by model and error code.");

    public static Counter<long> CacheHits { get; } = Meter.CreateCounter<long>("modelsvc.cache.hits", "{lease}", "Leases served from a warm session.");

    public static Counter<long> CacheMisses { get; } = Meter.CreateCounter<long>("modelsvc.cache.misses", "{lease}", "Leases that had to load a session.");

    public static Counter<long> CacheEvictions { get; } = Meter.CreateCounter<long>("modelsvc.cache.evictions", "{session}", "Sessions evicted from the warm cache, by reason.");

    public static Histogram<double> ColdLoadDuration { get; } = Meter.CreateHistogram<double>("modelsvc.cache.cold_load.duration", "s", "Download (or disk hit), sha256 check and session creation of a cold model.");

    /// <summary>For the billing buffer: time from a usage event's call to its flush.</summary>
    public static Histogram<double> BillingFlushLag { get; } = Meter.CreateHistogram<double>("modelsvc.billing.flush.lag", "s", "Time from a call to its usage event's flush.");

    /// <summary>For the billing buffer: age of the oldest event waiting, sampled at each flush.</summary>
    public static Histogram<double> BillingQueueAge { get; } = Meter.CreateHistogram<double>("modelsvc.billing.queue.age", "s", "Age of the oldest usage event waiting when a flush starts.");

    private static Func<long>? s_warmBytes;

    /// <summary>Feeds the <c>modelsvc.cache.warm_bytes</c> gauge (the one warm cache of the process).</summary>
    public static void ObserveWarmBytes(Func<long> warmBytes) => s_warmBytes = warmBytes;

    public static ObservableGauge<long> WarmBytes { get; } = Meter.CreateObservableGauge(
        "modelsvc.cache.warm_bytes", () => s_warmBytes?.Invoke() ?? 0, "By", "Model bytes held by warm sessions.");

    public static TagList ModelTags(string model, string? version) => new() { { "model", model }, { "version", version ?? "" } };

    /// <summary>Marks a span as failed with the error's code (never its message, which may quote a request).</summary>
    public static void Fail(Activity? activity, string code)
    {
        activity?.SetStatus(ActivityStatusCode.Error, code);
        activity?.SetTag("error.type", code);
    }
}
