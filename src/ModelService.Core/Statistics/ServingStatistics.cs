using System.Collections.Concurrent;

namespace ModelService.Core.Statistics;

/// <summary>
/// Per model version statistics since this instance started, in the statistics extension's shape. They are per
/// instance: with several instances each reports only the calls it served.
/// </summary>
public sealed class ServingStatistics
{
    private readonly ConcurrentDictionary<(string Name, string Version), ModelVersionCounters> _models = new();
    private readonly ConcurrentDictionary<string, string> _owners = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;

    public ServingStatistics(TimeProvider time)
    {
        _time = time;
    }

    public void Record(string model, string version, StatisticPhase phase, TimeSpan duration) =>
        For(model, version).Add(phase, duration);

    public void Succeeded(string model, string version, long items, TimeSpan duration)
    {
        var counters = For(model, version);
        counters.Add(StatisticPhase.Success, duration);
        counters.Executed(items, _time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    public void Failed(string model, string version, TimeSpan duration)
    {
        var counters = For(model, version);
        counters.Add(StatisticPhase.Fail, duration);
        counters.Attempted(_time.GetUtcNow().ToUnixTimeMilliseconds());
    }

    /// <summary>Remembers a private model's owner, so other tenants never see its statistics.</summary>
    public void Owned(string model, string? owner)
    {
        if (owner is not null)
        {
            _owners[model] = owner;
        }
    }

    /// <summary>Every version the tenant may see, or those of one model, or one version; ordered by name then version.</summary>
    public IReadOnlyList<ModelStatistic> Snapshot(string tenantId, string? model = null, string? version = null) =>
        [.. _models.Values
            .Where(c => (model is null || c.Name == model) && (version is null || c.Version == version))
            .Where(c => !_owners.TryGetValue(c.Name, out var owner) || owner == tenantId)
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .ThenBy(c => c.Version.Length).ThenBy(c => c.Version, StringComparer.Ordinal)
            .Select(c => c.Snapshot())];

    private ModelVersionCounters For(string model, string version) =>
        _models.GetOrAdd((model, version), static key => new ModelVersionCounters(key.Name, key.Version));
}
