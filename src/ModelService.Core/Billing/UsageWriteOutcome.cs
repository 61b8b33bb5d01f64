namespace ModelService.Core.Billing;

public enum UsageWriteOutcome
{
    /// <summary>On the usage queue, for the ledger.</summary>
    Queued,

    /// <summary>The queue kept failing: parked for <c>modelsvc usage replay</c>.</summary>
    Parked,
}
