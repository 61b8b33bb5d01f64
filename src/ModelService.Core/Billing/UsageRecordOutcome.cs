namespace ModelService.Core.Billing;

public enum UsageRecordOutcome
{
    /// <summary>The event is now in the ledger and in the totals.</summary>
    Recorded,

    /// <summary>The ledger already had this call id: a redelivery, counted once before.</summary>
    Duplicate,
}
