using System.Text.RegularExpressions;

namespace ModelService.Core.Tenancy;

/// <summary>Tenant ids: 3 to 63 lowercase letters, digits and '-', starting and ending with a letter or digit.</summary>
public static partial class TenantIds
{
    public static bool IsValid(string? id) => id is not null && Pattern().IsMatch(id);

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
