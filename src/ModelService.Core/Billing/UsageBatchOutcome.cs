namespace ModelService.Core.Billing;

/// <summary>What recording a batch did: events newly in the ledger, and events it had already (redeliveries).</summary>
public sealed record UsageBatchOutcome(int Recorded, int Duplicates)
{
    public static UsageBatchOutcome operator +(UsageBatchOutcome left, UsageBatchOutcome right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        return new UsageBatchOutcome(left.Recorded + right.Recorded, left.Duplicates + right.Duplicates);
    }

    public static UsageBatchOutcome Add(UsageBatchOutcome left, UsageBatchOutcome right) => left + right;
}
