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
        var caller = Caller("free", requestsPerSecond: null);

        for (var i = 0; i < 10_000; i++)
        {
            limiter.Admit(caller);
        }
    }

    private static TenantRateLimiter Limiter(double defaultRate, double burstSeconds) =>
        new(Options.Create(new QuotaOptions { DefaultRequestsPerSecond = defaultRate, BurstSeconds = burstSeconds }));

    private static Caller Caller(string tenant, double? requestsPerSecond) =>
        new(tenant, "0123456789abcdef", ApiKeyScopes.Infer) { Limits = new TenantLimits(requestsPerSecond, null) };
}
