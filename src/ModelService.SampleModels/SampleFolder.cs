namespace ModelService.SampleModels;

/// <summary>The repository's models/ folder, found from the working directory upwards.</summary>
internal static class SampleFolder
{
    public static string Default()
    {
        for (var directory = new DirectoryInfo(Environment.CurrentDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Functions.sln")))
            {
                return Path.Combine(directory.FullName, "models");
            }
        }

        throw new InvalidOperationException("Run from inside the repository or pass the output folder.");
    }
}
