using System.Text.RegularExpressions;

namespace ModelService.Core.Training;

/// <summary>Job ids: version-7 GUIDs, so they sort by creation time and listing newest first needs no index.</summary>
public static partial class TrainingJobIds
{
    public static string New() => Guid.CreateVersion7().ToString("N");

    public static bool IsValid(string? id) => id is not null && IdPattern().IsMatch(id);

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
