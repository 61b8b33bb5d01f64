using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ModelService.Core.Predictions;

/// <summary>
/// Deletes predictions (record, request and result blobs) that last changed more than
/// <c>Predictions:RetentionDays</c> ago. The storage lifecycle policy (infra/) deletes the blobs on the same
/// schedule; this sweep also removes the table records, which no lifecycle rule reaches.
/// </summary>
public sealed class RetentionSweeper
{
    private readonly PredictionStore _store;
    private readonly PredictionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionSweeper> _logger;

    public RetentionSweeper(PredictionStore store, IOptions<PredictionOptions> options, TimeProvider time, ILogger<RetentionSweeper> logger)
    {
        _store = store;
        _options = options.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>Returns how many predictions were deleted.</summary>
    public async Task<int> PurgeAsync(CancellationToken cancellationToken)
    {
        var cutoff = _time.GetUtcNow().AddDays(-_options.RetentionDays);
        var expired = new List<(string TenantId, string Id)>();
        await foreach (var prediction in _store.ListOlderThanAsync(cutoff, cancellationToken))
        {
            expired.Add(prediction);
        }

        foreach (var (tenantId, id) in expired)
        {
            await _store.DeleteAsync(tenantId, id, cancellationToken);
        }

        _logger.LogInformation("Retention: {Count} predictions older than {Cutoff:o} deleted", expired.Count, cutoff);
        return expired.Count;
    }
}
