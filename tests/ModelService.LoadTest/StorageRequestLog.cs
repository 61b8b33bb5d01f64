namespace ModelService.LoadTest;

/// <summary>
/// Counts storage requests in Azurite's debug log (<c>azurite --debug FILE</c>): its storage-context middleware writes
/// one <c>RequestMethod=</c> line per request, blob, queue or table, whoever made it.
/// </summary>
internal sealed class StorageRequestLog
{
    private const string Marker = "StorageContextMiddleware: RequestMethod=";
    private readonly string _path;
    private long _offset;
    private long _count;

    public StorageRequestLog(string path)
    {
        _path = path;
    }

    /// <summary>Requests logged so far (reads only what was appended since the last call).</summary>
    public async Task<long> CountAsync(CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        stream.Seek(_offset, SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Contains(Marker, StringComparison.Ordinal))
            {
                _count++;
            }
        }

        // A partly written last line is read again next time only if it had no newline; good enough for a count.
        _offset = stream.Length;
        return _count;
    }
}
