using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Xunit;

namespace ModelService.Testing;

/// <summary>
/// A real Azurite for a test collection. Uses the one named by MODELSVC_TEST_STORAGE (scripts/test.sh starts
/// one for the whole run); otherwise starts a private, in-memory Azurite on free loopback ports and stops it
/// when the collection ends.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string EnvironmentVariable = "MODELSVC_TEST_STORAGE";

    // The well-known development account of the storage emulator; it protects nothing.
    private const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private Process? _process;

    public string ConnectionString { get; private set; } = string.Empty;

    public static string ConnectionStringFor(int blobPort, int queuePort, int tablePort) =>
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        $"AccountKey={DevelopmentAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
        $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }

        int[] ports = [FreePort(), FreePort(), FreePort()];
        _process = Process.Start(StartInfo(ports)) ?? throw new InvalidOperationException("Azurite did not start.");
        await WaitForPortsAsync(ports);
        ConnectionString = ConnectionStringFor(ports[0], ports[1], ports[2]);
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(TimeSpan.FromSeconds(10));
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    private static ProcessStartInfo StartInfo(int[] ports)
    {
        var executable = RepositoryPaths.Combine("scripts", "azurite", "node_modules", ".bin", "azurite");
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {executable}. Run ./scripts/test.sh, or `npm ci --prefix scripts/azurite`.");
        }

        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--silent", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl",
                     "--blobHost", "127.0.0.1", "--blobPort", $"{ports[0]}",
                     "--queueHost", "127.0.0.1", "--queuePort", $"{ports[1]}",
                     "--tableHost", "127.0.0.1", "--tablePort", $"{ports[2]}",
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        return startInfo;
    }

    private async Task WaitForPortsAsync(int[] ports)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        foreach (var port in ports)
        {
            while (!await AcceptsConnectionsAsync(port))
            {
                if (_process!.HasExited || DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"Azurite did not listen on 127.0.0.1:{port} within {StartTimeout}.");
                }

                await Task.Delay(100);
            }
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
