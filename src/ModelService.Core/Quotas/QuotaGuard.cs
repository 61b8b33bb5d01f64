using ModelService.Core.Tenancy;

namespace ModelService.Core.Quotas;

/// <summary>Admits a tenant's call or refuses it: 429 over the rate, 402 at the monthly spend cap.</summary>
public sealed class QuotaGuard
{
    private readonly TenantRateLimiter _rate;
    private readonly SpendCapGuard _spend;

    public QuotaGuard(TenantRateLimiter rate, SpendCapGuard spend)
    {
        _rate = rate;
        _spend = spend;
    }

    public ValueTask AdmitAsync(Caller caller, CancellationToken cancellationToken)
    {
        _rate.Admit(caller);
        return _spend.AdmitAsync(caller, cancellationToken);
    }

    /// <summary>Queued work was rate-limited when it was submitted (the queue paces it); only the spend cap applies.</summary>
    public ValueTask AdmitQueuedAsync(Caller caller, CancellationToken cancellationToken) => _spend.AdmitAsync(caller, cancellationToken);
}
