using Microsoft.Extensions.Options;
using ModelService.Core.Registry;

namespace ModelService.Core.Billing;

/// <summary>Turns a call into an amount: the version's own price, or the configured default. Failed calls cost nothing.</summary>
public sealed class UsagePricer
{
    private readonly ModelPricing _default;

    public UsagePricer(IOptions<BillingOptions> options)
    {
        _default = new ModelPricing(options.Value.DefaultPerCallMicros, options.Value.DefaultPerItemMicros);
    }

    public ModelPricing PricingOf(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Pricing ?? _default;
    }

    public long AmountMicros(ModelManifest manifest, long items)
    {
        var pricing = PricingOf(manifest);
        return checked(pricing.PerCallMicros + (pricing.PerItemMicros * items));
    }
}
