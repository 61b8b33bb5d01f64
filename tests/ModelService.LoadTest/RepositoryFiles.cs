namespace ModelService.LoadTest;

/// <summary>Finds a file of this repository from the current folder or the program's, whichever is inside it.</summary>
internal static class RepositoryFiles
{
    public static string? Find(params string[] parts)
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
                {
                    return Path.Combine([directory.FullName, .. parts]);
                }
            }
        }

        return null;
    }
}
