using Microsoft.Extensions.Options;
using ModelService.Core.Errors;
using ModelService.Core.Quotas;
using ModelService.Core.Tenancy;

namespace ModelService.Core.Tests.Quotas;

public sealed class TenantRateLimiterTests
{
    [Fact]
    public void A_tenant_gets_its_burst_then_429_with_a_retry_time()
    {
        using var limiter = Limiter(defaultRate: 50, burstSeconds: 2);
        var caller = Caller("burst", requestsPerSecond: 5);

        for (var i = 0; i < 10; i++)
        {
            limiter.Admit(caller);
        }

        var refused = Assert.Throws<ModelServiceException>(() => limiter.Admit(caller));
        Assert.Equal(ErrorCode.RateLimited, refused.Code);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Tenants_have_buckets_of_their_own_and_the_default_applies_without_a_limit()
    {
        using var limiter = Limiter(defaultRate: 1, burstSeconds: 1);
        var first = Caller("one", requestsPerSecond: null);
        var second = Caller("two", requestsPerSecond: null);

        limiter.Admit(first);
        limiter.Admit(second);

        Assert.Throws<ModelServiceException>(() => limiter.Admit(first));
    }

    [Fact]
    public void A_rate_of_zero_means_no_limit()
    {
        using var limiter = Limiter(defaultRate: 0, burstSeconds: 1);
        var free = Caller("free", requestsPerSecond: null);
        var paced = Caller("paced", requestsPerSecond: 1);

        var freeAdmitted = Enumerable.Range(0, 10_000).Count(_ => Admitted(() => limiter.Admit(free)));
        var pacedAdmitted = Enumerable.Range(0, 10_000).Count(_ => Admitted(() => limiter.Admit(paced)));

        Assert.Equal(10_000, freeAdmitted);
        Assert.Equal(1, pacedAdmitted);
    }

    [Fact]
    public void Reads_spend_a_bucket_of_their_own_at_the_multiple_of_the_rate()
    {
        using var limiter = Limiter(defaultRate: 50, burstSeconds: 2, readMultiplier: 3);
        var caller = Caller("reader", requestsPerSecond: 5);

        var calls = Enumerable.Range(0, 100).Count(_ => Admitted(() => limiter.Admit(caller)));
        var reads = Enumerable.Range(0, 100).Count(_ => Admitted(() => limiter.AdmitRead(caller)));
        var refused = Assert.Throws<ModelServiceException>(() => limiter.AdmitRead(caller));

        Assert.Equal((10, 30), (calls, reads));
        Assert.Equal(ErrorCode.RateLimited, refused.Code);
        Assert.Contains("read rate of 15", refused.Message, StringComparison.Ordinal);
        Assert.NotNull(refused.RetryAfter);
    }

    [Fact]
    public void A_read_multiplier_of_zero_leaves_reads_unlimited_but_not_calls()
    {
        using var limiter = Limiter(defaultRate: 1, burstSeconds: 1, readMultiplier: 0);
        var caller = Caller("reader", requestsPerSecond: null);

        var reads = Enumerable.Range(0, 1_000).Count(_ => Admitted(() => limiter.AdmitRead(caller)));
        var calls = Enumerable.Range(0, 1_000).Count(_ => Admitted(() => limiter.Admit(caller)));

        Assert.Equal((1_000, 1), (reads, calls));
    }

    private static bool Admitted(Action admit)
    {
        try
        {
            admit();
            return true;
        }
        catch (ModelServiceException exception) when (exception.Code == ErrorCode.RateLimited)
        {
            return false;
        }
    }

    private static TenantRateLimiter Limiter(double defaultRate, double burstSeconds, double readMultiplier = 5) =>
        new(Options.Create(new QuotaOptions { DefaultRequestsPerSecond = defaultRate, BurstSeconds = burstSeconds, ReadRateMultiplier = readMultiplier }));

    private static Caller Caller(string tenant, double? requestsPerSecond) =>
        new(tenant, "0123456789abcdef", ApiKeyScopes.Infer) { Limits = new TenantLimits(requestsPerSecond, null) };
}
