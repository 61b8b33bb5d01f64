using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using ModelService.Core.Errors;
using ModelService.Core.Tenancy;

namespace ModelService.Core.Quotas;

/// <summary>
/// A token bucket per tenant (System.Threading.RateLimiting), in this instance's memory. Refusals carry the time
/// until the next token, which the HTTP layer sends as <c>Retry-After</c>.
/// </summary>
public sealed class TenantRateLimiter : IDisposable
{
    private readonly double _defaultRate;
    private readonly double _burstSeconds;
    private readonly double _readMultiplier;
    private readonly PartitionedRateLimiter<RateKey> _limiter;

    public TenantRateLimiter(IOptions<QuotaOptions> options)
    {
        _defaultRate = options.Value.DefaultRequestsPerSecond;
        _burstSeconds = options.Value.BurstSeconds;
        _readMultiplier = options.Value.ReadRateMultiplier;
        _limiter = PartitionedRateLimiter.Create<RateKey, RateKey>(key =>
            RateLimitPartition.GetTokenBucketLimiter(key, CreateBucket));
    }

    /// <summary>A call that costs: inference, loading a model, queueing work, uploads.</summary>
    public void Admit(Caller caller) => Admit(caller, 1, Bucket.Calls);

    /// <summary>A read (metadata, polling, reports): its own bucket at <see cref="QuotaOptions.ReadRateMultiplier"/> × the rate.</summary>
    public void AdmitRead(Caller caller) => Admit(caller, _readMultiplier, Bucket.Reads);

    public void Dispose() => _limiter.Dispose();

    private void Admit(Caller caller, double multiplier, Bucket bucket)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var rate = (caller.Limits.RequestsPerSecond ?? _defaultRate) * multiplier;
        if (rate <= 0)
        {
            return;
        }

        using var lease = _limiter.AttemptAcquire(new RateKey(caller.TenantId, rate, bucket));
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            var what = bucket == Bucket.Reads ? "read rate" : "rate";
            throw new ModelServiceException(ErrorCode.RateLimited, $"Tenant '{caller.TenantId}' is over its {what} of {rate:0.###} requests per second.")
            {
                RetryAfter = retryAfter,
            };
        }
    }

    private TokenBucketRateLimiterOptions CreateBucket(RateKey key)
    {
        // The partitioned limiter refills every bucket from one 100 ms timer, so periods are kept at a second or
        // more (a shorter one would lose refills to timer jitter): the rate's tokens once a second, or one token
        // every 1/rate seconds for rates under one per second.
        var slow = key.RequestsPerSecond < 1;
        var period = slow ? TimeSpan.FromSeconds(1 / key.RequestsPerSecond) : TimeSpan.FromSeconds(1);
        var tokensPerPeriod = slow ? 1 : (int)Math.Min(int.MaxValue, Math.Round(key.RequestsPerSecond));

        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = (int)Math.Clamp(Math.Ceiling(key.RequestsPerSecond * _burstSeconds), tokensPerPeriod, int.MaxValue),
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = period,
            QueueLimit = 0,
            AutoReplenishment = false,
        };
    }

    private enum Bucket
    {
        Calls,
        Reads,
    }

    /// <summary>The rate is part of the key, so a changed tenant limit starts a bucket of the new size.</summary>
    private sealed record RateKey(string TenantId, double RequestsPerSecond, Bucket Bucket);
}
