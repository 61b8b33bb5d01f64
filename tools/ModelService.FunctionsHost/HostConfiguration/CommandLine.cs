using System.Globalization;

namespace ModelService.FunctionsHost.HostConfiguration;

/// <summary>The command line: --worker DIR [--port N] [--storage CONNECTION] [--max-polling-interval TIMESPAN] [--log-level LEVEL].</summary>
public static class CommandLine
{
    public const string Usage =
        "usage: ModelService.FunctionsHost --worker <worker build output> [--port 7071] [--storage <connection string>] [--max-polling-interval 00:00:02] [--log-level Information]";

    public static DevelopmentHostOptions? Parse(IReadOnlyList<string> args, TextWriter errors)
    {
        string? worker = null;
        var port = 7071;
        var storage = Environment.GetEnvironmentVariable(DevelopmentHostOptions.StorageSettingName) ?? "UseDevelopmentStorage=true";
        TimeSpan? polling = null;
        var logLevel = Microsoft.Extensions.Logging.LogLevel.Information;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : null;
            switch (args[i])
            {
                case "--worker" when value is not null:
                    worker = value;
                    break;
                case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var p):
                    port = p;
                    break;
                case "--storage" when value is not null:
                    storage = value;
                    break;
                case "--max-polling-interval" when TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var interval):
                    polling = interval;
                    break;
                case "--log-level" when Enum.TryParse<Microsoft.Extensions.Logging.LogLevel>(value, ignoreCase: true, out var level):
                    logLevel = level;
                    break;
                default:
                    errors.WriteLine($"Unknown or incomplete option '{args[i]}'.");
                    errors.WriteLine(Usage);
                    return null;
            }

            i++;
        }

        if (worker is null)
        {
            errors.WriteLine(Usage);
            return null;
        }

        return new DevelopmentHostOptions { WorkerDirectory = worker, Port = port, StorageConnectionString = storage, MaxPollingInterval = polling, MinimumLogLevel = logLevel };
    }
}
