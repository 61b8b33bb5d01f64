using System.Diagnostics;
using System.Globalization;
using ModelService.FunctionsHost.HostConfiguration;

namespace ModelService.FunctionsHost.Worker;

/// <summary>The command line and environment the real Functions host gives an out-of-process worker.</summary>
internal sealed record WorkerLaunch(WorkerDescription Description, string AppDirectory, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>The host's default gRPC message limit (int.MaxValue); inference payloads can be large.</summary>
    public const int MaxMessageLength = int.MaxValue;

    public ProcessStartInfo StartInfo(Uri grpcUri, string workerId, string requestId)
    {
        var startInfo = new ProcessStartInfo(Description.Executable)
        {
            WorkingDirectory = AppDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        var maxLength = MaxMessageLength.ToString(CultureInfo.InvariantCulture);
        // Both spellings, as the real host passes them: older workers read the first set, newer the "functions-" one.
        string[] arguments =
        [
            Description.WorkerPath,
            "--host", grpcUri.Host,
            "--port", grpcUri.Port.ToString(CultureInfo.InvariantCulture),
            "--workerId", workerId,
            "--requestId", requestId,
            "--grpcMaxMessageLength", maxLength,
            "--functions-uri", grpcUri.AbsoluteUri,
            "--functions-worker-id", workerId,
            "--functions-request-id", requestId,
            "--functions-grpc-max-message-length", maxLength,
        ];
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in Environment)
        {
            startInfo.Environment[name] = value;
        }

        startInfo.Environment["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated";
        startInfo.Environment["FUNCTIONS_WORKER_DIRECTORY"] = AppDirectory;
        startInfo.Environment["FUNCTIONS_APPLICATION_DIRECTORY"] = AppDirectory;
        return startInfo;
    }

    /// <summary>
    /// The worker's environment: this process's, then local.settings.json for names not already set (Core Tools
    /// skips those), then AzureWebJobsStorage and the caller's extra settings, which win.
    /// </summary>
    public static IReadOnlyDictionary<string, string> BuildEnvironment(DevelopmentHostOptions options, string appDirectory)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (options.UseLocalSettings)
        {
            foreach (var (name, value) in LocalSettings.Load(appDirectory))
            {
                if (System.Environment.GetEnvironmentVariable(name) is null)
                {
                    environment[name] = value;
                }
            }
        }

        environment["AZURE_FUNCTIONS_ENVIRONMENT"] = System.Environment.GetEnvironmentVariable("AZURE_FUNCTIONS_ENVIRONMENT") ?? "Development";
        environment[DevelopmentHostOptions.StorageSettingName] = options.StorageConnectionString;
        foreach (var (name, value) in options.Environment)
        {
            environment[name] = value;
        }

        return environment;
    }
}
