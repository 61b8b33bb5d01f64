namespace ModelService.LoadTest;

/// <summary>Answered calls against what the ledger billed, after redelivering <see cref="Redelivered"/> events twice.</summary>
internal sealed record ExactnessResult(long Answered, long BilledCalls, long BilledMicros, long PerCallMicros, int Redelivered, bool RedeliveryChangedNothing, long LossBound)
{
    /// <summary>Billed without an answer: in flight when the worker was killed (their event was flushed, then the kill).</summary>
    public long Unanswered => Math.Max(0, BilledCalls - Answered);

    /// <summary>Answered and never billed: what the kill cost (Asynchronous: at most the loss bound; GroupCommit: 0).</summary>
    public long Lost => Math.Max(0, Answered - BilledCalls);

    /// <summary>No answered call lost beyond the bound, none billed twice, every amount at its price.</summary>
    public bool Exact => Lost <= LossBound && BilledMicros == BilledCalls * PerCallMicros && RedeliveryChangedNothing;
}
