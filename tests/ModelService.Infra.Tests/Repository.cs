namespace ModelService.Infra.Tests;

/// <summary>Paths in the repository the tests run from.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No Functions.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string Infra => Path.Combine(Root, "infra");

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>Every .bicep and .bicepparam file under infra/, relative to the root with forward slashes.</summary>
    public static IEnumerable<string> BicepFiles() =>
        Directory.EnumerateFiles(Infra, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".bicep", StringComparison.Ordinal) || f.EndsWith(".bicepparam", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);
}
