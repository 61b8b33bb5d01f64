using System.Diagnostics;
using ModelService.Testing;

namespace ModelService.EndToEnd.Tests;

/// <summary>The real trainer's build output, run as one Container Apps Job execution would: until the queue is empty.</summary>
public static class TrainerProcess
{
    public static async Task<int> RunUntilQueueEmptyAsync(IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var directory = Path.Combine(BuildOutput.Locate(typeof(TrainerProcess).Assembly, "src/ModelService.Trainer", "linux-x64/ModelService.Trainer.dll"), "linux-x64");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(directory, "ModelService.Trainer.dll"));
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        // The managed backend: these tests check the service around training, and it runs on any host.
        start.Environment["ModelService__Trainer__Device"] = "managed";
        start.Environment["ModelService__Trainer__IdleExitSeconds"] = "0";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("The trainer did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The trainer did not exit within {timeout}: {await output}{await error}");
        }

        Assert.True(process.ExitCode == 0, $"trainer exited {process.ExitCode}: {await output}{await error}");
        return process.ExitCode;
    }
}
