namespace ModelService.Core.Tests.Billing;

/// <summary>Counts the storage requests a predicate matched; used as a fault policy's matcher that never fails one.</summary>
internal sealed class RequestCounter
{
    private int _matched;

    public int Matched => Volatile.Read(ref _matched);

    /// <summary>Counts a match and answers false, so the request goes through untouched.</summary>
    public bool Count(bool matched)
    {
        if (matched)
        {
            Interlocked.Increment(ref _matched);
        }

        return false;
    }
}
