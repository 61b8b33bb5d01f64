using System.ComponentModel.DataAnnotations;

namespace ModelService.Core.Caching;

public sealed class ModelCacheOptions
{
    public const string SectionName = "ModelService:Cache";

    /// <summary>Budget for warm sessions, counted as model file bytes; least recently used sessions leave first.</summary>
    [Range(1, long.MaxValue)]
    public long SizeLimitBytes { get; set; } = 1L << 30;

    /// <summary>Local disk tier, so a restarted instance does not download again. Empty: a folder under the temp path.</summary>
    public string? DiskPath { get; set; }

    [Range(0, long.MaxValue)]
    public long DiskSizeLimitBytes { get; set; } = 10L << 30;

    /// <summary>Models loaded in the background at start-up, written as name, name:version or name@alias.</summary>
    public IList<string> WarmupModels { get; } = new List<string>();

    public string ResolvedDiskPath => string.IsNullOrWhiteSpace(DiskPath) ? Path.Combine(Path.GetTempPath(), "modelsvc-models") : DiskPath;
}
