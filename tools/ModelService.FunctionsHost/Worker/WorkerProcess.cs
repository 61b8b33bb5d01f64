using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace ModelService.FunctionsHost.Worker;

/// <summary>A running worker process; its console output goes to the log as the real host's does.</summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ILogger _logger;
    private int _disposed;

    private WorkerProcess(Process process, ILogger logger)
    {
        _process = process;
        _logger = logger;
    }

    public int Id => _process.Id;

    /// <summary>Completes when the process has exited.</summary>
    public Task Exited { get; private set; } = Task.CompletedTask;

    public bool HasExited => Exited.IsCompleted;

    public int? ExitCode => Exited.IsCompleted && Volatile.Read(ref _disposed) == 0 ? _process.ExitCode : null;

    public static WorkerProcess Start(ProcessStartInfo startInfo, ILogger logger)
    {
        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var worker = new WorkerProcess(process, logger);
        process.OutputDataReceived += (_, e) => worker.Forward(e.Data, LogLevel.Information);
        process.ErrorDataReceived += (_, e) => worker.Forward(e.Data, LogLevel.Warning);
        if (!process.Start())
        {
            throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        }

        // Only a started process can be awaited.
        worker.Exited = process.WaitForExitAsync();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>Waits up to the timeout for the process to exit by itself, then kills it and its children.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (Exited.IsCompleted)
        {
            return;
        }

        try
        {
            await Exited.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Worker process {ProcessId} did not exit within {Timeout}; killing it", Id, timeout);
            Kill();
            await Exited.WaitAsync(TimeSpan.FromSeconds(10));
        }
    }

    public void Kill()
    {
        if (Volatile.Read(ref _disposed) != 0 || Exited.IsCompleted)
        {
            return;
        }

        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        Kill();
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _process.Dispose();
        }
    }

    private void Forward(string? line, LogLevel level)
    {
        if (!string.IsNullOrEmpty(line))
        {
            _logger.Log(level, "{WorkerOutput}", line);
        }
    }
}
