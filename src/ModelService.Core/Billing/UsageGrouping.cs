namespace ModelService.Core.Billing;

/// <summary>How a usage report adds up the totals.</summary>
public enum UsageGrouping
{
    Model,
    Day,
}
