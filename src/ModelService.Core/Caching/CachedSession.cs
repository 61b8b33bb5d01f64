using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Registry;

namespace ModelService.Core.Caching;

/// <summary>
/// A session shared by the cache and every call that holds a lease on it. It starts with one reference (the
/// cache's own); eviction drops that one, each lease adds and drops its own, and whoever drops the last
/// reference disposes the session — so an evicted session stays alive until its in-flight calls finish.
/// </summary>
internal sealed class CachedSession
{
    private readonly Action _onDisposed;
    private int _references = 1;

    public CachedSession(ModelManifest manifest, InferenceSession session, Action onDisposed)
    {
        Manifest = manifest;
        Session = session;
        _onDisposed = onDisposed;
    }

    public ModelManifest Manifest { get; }

    public InferenceSession Session { get; }

    /// <summary>Adds a reference unless the session is already gone.</summary>
    public bool TryAddReference()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Session.Dispose();
            _onDisposed();
        }
    }
}
