using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Registry;

namespace ModelService.Core.Caching;

/// <summary>The right to use a warm session for one call. Dispose it when the call ends; never keep the session.</summary>
public sealed class ModelLease : IDisposable
{
    private CachedSession? _entry;

    internal ModelLease(CachedSession entry)
    {
        _entry = entry;
    }

    public ModelManifest Manifest => Entry.Manifest;

    public InferenceSession Session => Entry.Session;

    private CachedSession Entry => _entry ?? throw new ObjectDisposedException(nameof(ModelLease));

    public void Dispose() => Interlocked.Exchange(ref _entry, null)?.Release();
}
