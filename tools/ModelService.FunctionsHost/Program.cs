using System.Runtime.InteropServices;
using ModelService.FunctionsHost;
using ModelService.FunctionsHost.HostConfiguration;

// A development host for the isolated worker: see README.md. Ctrl-C (or SIGTERM) shuts it down cleanly.
var options = CommandLine.Parse(args, Console.Error);
if (options is null)
{
    return 2;
}

using var stopping = new CancellationTokenSource();
void Stop(PosixSignalContext signal)
{
    // Handled here, so the runtime does not exit before the worker has been stopped.
    signal.Cancel = true;
    stopping.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

await using var host = await DevelopmentHost.StartAsync(options, stopping.Token);
Console.WriteLine($"Functions are served on {host.HttpUrl} (development host). Ctrl-C stops it.");
try
{
    await Task.Delay(Timeout.Infinite, stopping.Token);
}
catch (OperationCanceledException)
{
    // Asked to stop: disposing the host shuts everything down.
}

return 0;
