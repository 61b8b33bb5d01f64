namespace ModelService.Core.Registry;

/// <summary>Price of a call, in integer micro-units of the billing currency so that sums are exact.</summary>
public sealed record ModelPricing(long PerCallMicros, long PerItemMicros)
{
    public static ModelPricing Free { get; } = new(0, 0);
}
