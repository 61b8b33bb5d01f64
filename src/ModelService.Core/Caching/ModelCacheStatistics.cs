namespace ModelService.Core.Caching;

/// <summary>Counters of the warm cache, for logs, tests and capacity planning.</summary>
public sealed class ModelCacheStatistics
{
    private long _hits;
    private long _downloads;
    private long _diskHits;
    private long _sessionsCreated;
    private long _sessionsDisposed;
    private long _integrityFailures;

    public long Hits => Interlocked.Read(ref _hits);

    public long Downloads => Interlocked.Read(ref _downloads);

    public long DiskHits => Interlocked.Read(ref _diskHits);

    public long SessionsCreated => Interlocked.Read(ref _sessionsCreated);

    public long SessionsDisposed => Interlocked.Read(ref _sessionsDisposed);

    public long IntegrityFailures => Interlocked.Read(ref _integrityFailures);

    internal void Hit() => Interlocked.Increment(ref _hits);

    internal void Downloaded() => Interlocked.Increment(ref _downloads);

    internal void DiskHit() => Interlocked.Increment(ref _diskHits);

    internal void SessionCreated() => Interlocked.Increment(ref _sessionsCreated);

    internal void SessionDisposed() => Interlocked.Increment(ref _sessionsDisposed);

    internal void IntegrityFailed() => Interlocked.Increment(ref _integrityFailures);
}
