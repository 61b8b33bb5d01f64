using System.Collections.Concurrent;

namespace ModelService.Core.Tenancy;

/// <summary>
/// Key ids storage does not know, remembered for a while so a flood of made-up keys costs no table read each. Bounded:
/// when full it is emptied (it only saves reads; forgetting is always safe). Key ids are random, so a key created
/// later never has an id remembered here.
/// </summary>
internal sealed class UnknownKeyCache
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _until = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;
    private readonly int _capacity;
    private int _count;

    public UnknownKeyCache(TimeProvider time, TimeSpan lifetime, int capacity)
    {
        _time = time;
        _lifetime = lifetime;
        _capacity = capacity;
    }

    public bool Contains(string keyId)
    {
        if (!_until.TryGetValue(keyId, out var until))
        {
            return false;
        }

        if (until > _time.GetUtcNow())
        {
            return true;
        }

        if (_until.TryRemove(keyId, out _))
        {
            Interlocked.Decrement(ref _count);
        }

        return false;
    }

    public void Add(string keyId)
    {
        if (_lifetime <= TimeSpan.Zero || _capacity <= 0)
        {
            return;
        }

        if (Volatile.Read(ref _count) >= _capacity)
        {
            _until.Clear();
            Interlocked.Exchange(ref _count, 0);
        }

        if (_until.TryAdd(keyId, _time.GetUtcNow() + _lifetime))
        {
            Interlocked.Increment(ref _count);
        }
    }
}
