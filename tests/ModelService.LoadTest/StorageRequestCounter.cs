using System.Globalization;

namespace ModelService.LoadTest;

/// <summary>Reads the storage counting proxy's count (<see cref="StorageCountingProxy"/>): every storage request of the run.</summary>
internal sealed class StorageRequestCounter : IDisposable
{
    private readonly HttpClient _client;

    public StorageRequestCounter(Uri proxy)
    {
        _client = new HttpClient { BaseAddress = proxy };
    }

    public async Task<long> CountAsync(CancellationToken cancellationToken) =>
        long.Parse(await _client.GetStringAsync("_count", cancellationToken), CultureInfo.InvariantCulture);

    public void Dispose() => _client.Dispose();
}
