using System.Diagnostics;
using System.Reflection;

namespace ModelService.Infra.Tests;

/// <summary>The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package, run as a child process.</summary>
public static class BicepCli
{
    private static readonly Lazy<string> ExecutablePath = new(Locate);

    public static string Path => ExecutablePath.Value;

    /// <summary>Runs <c>bicep</c> with <paramref name="arguments"/> in the repository root.</summary>
    public static BicepResult Run(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path)
        {
            WorkingDirectory = Repository.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // main.bicepparam reads these through readEnvironmentVariable(); the checks run against its defaults.
        foreach (var name in new[] { "AZURE_ENV_NAME", "AZURE_LOCATION", "AZURE_PRINCIPAL_ID", "AZURE_PRINCIPAL_TYPE",
                     "FUNCTION_ALWAYS_READY_INSTANCES", "TRAINER_GPU_PROFILE", "TRAINER_IMAGE", "SERVICE_TRAINER_IMAGE_NAME" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {Path}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish in 3 minutes.");
        }

        return new BicepResult(process.ExitCode, stdout.Result, stderr.Result);
    }

    private static string Locate()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("BICEP_PATH") is { Length: > 0 } overridden)
        {
            candidates.Add(overridden);
        }

        var metadata = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .ToDictionary(a => a.Key, a => a.Value ?? string.Empty);
        if (metadata.TryGetValue("BicepPath", out var fromProps) && fromProps.Length > 0)
        {
            candidates.Add(fromProps.Replace('\\', '/'));
        }

        if (metadata.TryGetValue("BicepPackageRoot", out var packageRoot) && packageRoot.Length > 0)
        {
            candidates.Add(System.IO.Path.Combine(packageRoot.Replace('\\', '/'), "tools", "bicep"));
        }

        foreach (var candidate in candidates)
        {
            var full = System.IO.Path.GetFullPath(candidate);
            if (File.Exists(full))
            {
                MakeExecutable(full);
                return full;
            }
        }

        throw new FileNotFoundException(
            "Bicep CLI not found. Restore tests/ModelService.Infra.Tests (package Azure.Bicep.CommandLine.linux-x64) " +
            $"or set BICEP_PATH. Looked at: {string.Join(", ", candidates)}");
    }

    // NuGet extracts package files without the execute bit on some systems.
    private static void MakeExecutable(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        var mode = File.GetUnixFileMode(path);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            try
            {
                File.SetUnixFileMode(path, mode | execute);
            }
            catch (UnauthorizedAccessException)
            {
                // Owned by someone else and not executable: Process.Start reports it clearly enough.
            }
        }
    }
}

public sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Diagnostic lines (errors, warnings, infos) the CLI printed, from either stream.</summary>
    public IReadOnlyList<string> Diagnostics =>
        (StandardError + "\n" + StandardOutput)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(" : Error ", StringComparison.Ordinal)
                || line.Contains(" : Warning ", StringComparison.Ordinal)
                || line.Contains(" : Info ", StringComparison.Ordinal))
            .ToList();

    public override string ToString() =>
        $"exit {ExitCode}\n{StandardError}\n{(StandardOutput.Length > 2000 ? StandardOutput[..2000] + "…" : StandardOutput)}";
}
