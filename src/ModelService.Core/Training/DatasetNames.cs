using ModelService.Core.Errors;
using ModelService.Core.Registry;

namespace ModelService.Core.Training;

/// <summary>Dataset names share the model names' alphabet: they become blob path segments too.</summary>
public static class DatasetNames
{
    public static void EnsureValid(string? name)
    {
        if (name is null || !ModelNames.IsValidName(name))
        {
            throw new ModelServiceException(
                ErrorCode.InvalidRequest,
                $"Dataset name '{Printable(name)}' is invalid: use 1 to 64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit, without '..' or a trailing '.'.");
        }
    }

    /// <summary>datasets/{tenant}/{name}.csv: each tenant's datasets under its own prefix.</summary>
    public static string BlobPath(string tenantId, string name) => $"{tenantId}/{name}.csv";

    private static string Printable(string? text) =>
        text is null ? string.Empty : new string(text.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
