using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using ModelService.Core.Errors;
using ModelService.Core.Registry;

namespace ModelService.Core.Caching;

/// <summary>
/// The disk tier: verified model files named by their sha256, so a restarted instance loads from disk instead
/// of downloading, and a corrupted or tampered file is never handed to ONNX Runtime.
/// </summary>
internal sealed partial class LocalModelStore
{
    private readonly string _root;
    private readonly long _sizeLimitBytes;
    private readonly ModelCacheStatistics _statistics;
    private readonly ILogger _logger;

    public LocalModelStore(ModelCacheOptions options, ModelCacheStatistics statistics, ILogger logger)
    {
        _root = options.ResolvedDiskPath;
        _sizeLimitBytes = options.DiskSizeLimitBytes;
        _statistics = statistics;
        _logger = logger;
    }

    /// <summary>Returns the path of a local file whose bytes match the manifest, downloading it when needed.</summary>
    public async Task<string> GetVerifiedFileAsync(ModelManifest manifest, Func<Stream, CancellationToken, Task> download, CancellationToken cancellationToken)
    {
        if (!Sha256Pattern().IsMatch(manifest.Sha256))
        {
            throw new ModelServiceException(ErrorCode.IntegrityCheckFailed, $"Manifest of '{manifest.Name}' version {manifest.Version} has no valid sha256.");
        }

        Directory.CreateDirectory(_root);
        var path = Path.Combine(_root, manifest.Sha256 + ".onnx");
        if (await IsIntactAsync(path, manifest, cancellationToken))
        {
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            _statistics.DiskHit();
            return path;
        }

        await DownloadVerifiedAsync(path, manifest, download, cancellationToken);
        Trim(path);
        return path;
    }

    private async Task<bool> IsIntactAsync(string path, ModelManifest manifest, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (await ModelFileAnalyzer.ComputeSha256Async(path, cancellationToken) == manifest.Sha256)
        {
            return true;
        }

        _logger.LogWarning("Disk copy of {Model} version {Version} failed its sha256 check; downloading again", manifest.Name, manifest.Version);
        File.Delete(path);
        return false;
    }

    private async Task DownloadVerifiedAsync(string path, ModelManifest manifest, Func<Stream, CancellationToken, Task> download, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            string actual;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            await using (var hashing = new HashingWriteStream(file))
            {
                await download(hashing, cancellationToken);
                actual = hashing.HashHex();
            }

            _statistics.Downloaded();
            if (actual != manifest.Sha256)
            {
                _statistics.IntegrityFailed();
                _logger.LogError(
                    "Model {Model} version {Version} failed its integrity check: sha256 {Actual} differs from the manifest's {Expected}",
                    manifest.Name, manifest.Version, actual, manifest.Sha256);
                throw new ModelServiceException(
                    ErrorCode.IntegrityCheckFailed,
                    $"Model '{manifest.Name}' version {manifest.Version} failed its integrity check (sha256 mismatch) and is not served.");
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Keeps the disk tier under its budget by deleting the least recently used files first.</summary>
    private void Trim(string keep)
    {
        var files = new DirectoryInfo(_root).GetFiles("*.onnx").OrderBy(f => f.LastWriteTimeUtc).ToList();
        var total = files.Sum(f => f.Length);
        foreach (var file in files)
        {
            if (total <= _sizeLimitBytes)
            {
                break;
            }

            if (file.FullName != Path.GetFullPath(keep))
            {
                total -= file.Length;
                file.Delete();
            }
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();
}
