using ModelService.Core.Training;

namespace ModelService.Functions.Contracts;

/// <summary>The 201 of <c>POST /api/datasets/{name}</c>.</summary>
public sealed record DatasetResponse(string Name, long SizeBytes, string Sha256, DateTimeOffset UploadedAt)
{
    public static DatasetResponse From(DatasetInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        return new DatasetResponse(info.Name, info.SizeBytes, info.Sha256, info.UploadedAt);
    }
}
