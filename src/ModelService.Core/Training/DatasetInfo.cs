namespace ModelService.Core.Training;

/// <summary>A stored dataset: its name, size and the sha256 of its bytes.</summary>
public sealed record DatasetInfo(string Name, long SizeBytes, string Sha256, DateTimeOffset UploadedAt);
