namespace ModelService.Functions.Middleware;

/// <summary>Which of the tenant's rate buckets an authenticated route spends.</summary>
public enum RouteRate
{
    /// <summary>The tenant's request rate, shared with inference: work that costs (loading a model, queueing, uploads).</summary>
    Calls,

    /// <summary>A separate, larger bucket (<c>Quotas:ReadRateMultiplier</c> × the rate) for reads: metadata, polling, reports.</summary>
    Reads,

    /// <summary>Counted by Core when it admits the call, together with the spend cap (inference): not again here.</summary>
    Metered,
}
