using System.Text.RegularExpressions;

namespace ModelService.Core.Predictions;

/// <summary>Prediction ids: ours are 32 hex digits; services that enqueue directly choose their own in this alphabet.</summary>
public static partial class PredictionIds
{
    public static string New() => Guid.NewGuid().ToString("N");

    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
