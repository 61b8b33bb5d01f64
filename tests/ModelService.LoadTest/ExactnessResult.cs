namespace ModelService.LoadTest;

/// <summary>Answered calls against what the ledger billed, after redelivering <see cref="Redelivered"/> events twice.</summary>
internal sealed record ExactnessResult(long Answered, long BilledCalls, long BilledMicros, long PerCallMicros, int Redelivered, bool RedeliveryChangedNothing)
{
    /// <summary>Billed without an answer: in flight when the worker was killed (group commit: flushed, then killed).</summary>
    public long Unanswered => BilledCalls - Answered;

    /// <summary>No answered call lost, none billed twice, every amount at its price.</summary>
    public bool Exact => BilledCalls >= Answered && BilledMicros == BilledCalls * PerCallMicros && RedeliveryChangedNothing;
}
