using System.Diagnostics;
using System.Globalization;

namespace ModelService.LoadTest;

/// <summary>Kills the development host's worker (its child process) as a crash would; the host starts a new one.</summary>
internal static class WorkerKiller
{
    public static bool Kill(int hostProcessId)
    {
        foreach (var stat in Directory.EnumerateDirectories("/proc").Select(d => Path.Combine(d, "stat")))
        {
            if (!int.TryParse(Path.GetFileName(Path.GetDirectoryName(stat)), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) || !File.Exists(stat))
            {
                continue;
            }

            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                continue;
            }

            // pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            if (fields.Length > 1 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var parent) && parent == hostProcessId)
            {
                using var worker = Process.GetProcessById(pid);
                worker.Kill();
                return true;
            }
        }

        return false;
    }
}
