using System.Reflection;

namespace ModelService.Testing;

/// <summary>Where another project of the repository was built, in the same configuration as the calling tests.</summary>
public static class BuildOutput
{
    /// <param name="testAssembly">The tests' own assembly, whose configuration (Debug, Release) is used.</param>
    /// <param name="projectFolder">The project's folder relative to the repository root, e.g. src/ModelService.Functions.</param>
    /// <param name="markerFile">A file that exists only once the build is complete.</param>
    public static string Locate(Assembly testAssembly, string projectFolder, string markerFile)
    {
        ArgumentNullException.ThrowIfNull(testAssembly);
        var configuration = testAssembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var path = Path.Combine(RepositoryPaths.Combine(projectFolder.Split('/')), "bin", configuration, "net10.0");
        return File.Exists(Path.Combine(path, markerFile))
            ? path
            : throw new InvalidOperationException($"{projectFolder} is not built at {path}; build the solution first.");
    }
}
