using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ModelService.Core.Billing;
using ModelService.Core.Errors;
using ModelService.Core.Tenancy;

namespace ModelService.Core.Quotas;

/// <summary>
/// Refuses calls once a tenant's spend this UTC month reaches its cap. The spend comes from the usage totals and is
/// reused for <see cref="QuotaOptions.SpendCacheSeconds"/>, so the check costs no storage read on most calls.
/// </summary>
public sealed class SpendCapGuard
{
    private readonly UsageLedger _ledger;
    private readonly IMemoryCache _cache;
    private readonly TimeProvider _time;
    private readonly long? _defaultCap;
    private readonly TimeSpan _cacheTime;

    public SpendCapGuard(UsageLedger ledger, IMemoryCache cache, TimeProvider time, IOptions<QuotaOptions> options)
    {
        _ledger = ledger;
        _cache = cache;
        _time = time;
        _defaultCap = options.Value.DefaultMonthlySpendCapMicros;
        _cacheTime = TimeSpan.FromSeconds(options.Value.SpendCacheSeconds);
    }

    public async ValueTask AdmitAsync(Caller caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(caller);
        if ((caller.Limits.MonthlySpendCapMicros ?? _defaultCap) is not { } cap)
        {
            return;
        }

        var spent = await MonthToDateAsync(caller.TenantId, cancellationToken);
        if (spent >= cap)
        {
            throw new ModelServiceException(
                ErrorCode.SpendCapReached,
                $"Tenant '{caller.TenantId}' has reached its monthly spend cap of {MicroUnits.Format(cap)}; calls resume on the first day of next month (UTC) or when the cap is raised.");
        }
    }

    private async ValueTask<long> MonthToDateAsync(string tenantId, CancellationToken cancellationToken)
    {
        var today = DateOnly.FromDateTime(_time.GetUtcNow().UtcDateTime);
        var key = new SpendKey(tenantId, today.Year, today.Month);
        if (_cache.TryGetValue(key, out long cached))
        {
            return cached;
        }

        var totals = await _ledger.QueryTotalsAsync(tenantId, new DateOnly(today.Year, today.Month, 1), today, cancellationToken);
        var spent = totals.Sum(t => t.AmountMicros);
        if (_cacheTime > TimeSpan.Zero)
        {
            _cache.Set(key, spent, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _cacheTime, Size = 1 });
        }

        return spent;
    }

    private sealed record SpendKey(string TenantId, int Year, int Month);
}
