using System.Text.Json;

namespace ModelService.FunctionsHost.HostConfiguration;

/// <summary>How to start the worker, from the worker.config.json that the Functions worker SDK writes.</summary>
internal sealed record WorkerDescription(string Executable, string WorkerPath)
{
    public static WorkerDescription Load(string directory)
    {
        var path = Path.Combine(directory, "worker.config.json");
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"No worker.config.json in {directory}: point --worker at the build output of an isolated worker project.");
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var description = document.RootElement.GetProperty("description");
        var executable = description.TryGetProperty("defaultExecutablePath", out var exe) ? exe.GetString() : null;
        var workerPath = description.GetProperty("defaultWorkerPath").GetString()
            ?? throw new InvalidOperationException($"{path} names no defaultWorkerPath.");
        var fullWorkerPath = Path.GetFullPath(Path.Combine(directory, workerPath));
        if (!File.Exists(fullWorkerPath))
        {
            throw new InvalidOperationException($"The worker {fullWorkerPath} named by {path} does not exist.");
        }

        // "{WorkerRoot}" style placeholders only appear in placeholder-mode images; locally it is "dotnet".
        return new WorkerDescription(string.IsNullOrWhiteSpace(executable) ? "dotnet" : executable, fullWorkerPath);
    }
}
