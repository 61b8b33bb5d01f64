using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using ModelService.FunctionsHost.Bindings;
using ModelService.FunctionsHost.Functions;
using ModelService.FunctionsHost.HostConfiguration;
using ModelService.FunctionsHost.Http;
using ModelService.FunctionsHost.Protocol;
using ModelService.FunctionsHost.Queues;
using ModelService.FunctionsHost.Worker;

namespace ModelService.FunctionsHost;

/// <summary>
/// Starts everything in the order the real host does: the gRPC endpoint, the worker (init, indexing, loading),
/// then the triggers: HTTP on 127.0.0.1:port and the queue listeners. The command line and the tests both use it.
/// </summary>
public static class DevelopmentHost
{
    public static async Task<RunningDevelopmentHost> StartAsync(DevelopmentHostOptions options, CancellationToken cancellationToken)
    {
        var appDirectory = Path.GetFullPath(options.WorkerDirectory);
        var description = WorkerDescription.Load(appDirectory);
        var hostJson = HostJson.Load(appDirectory);
        var queueOptions = options.MaxPollingInterval is { } interval ? hostJson.Queues with { MaxPollingInterval = interval } : hostJson.Queues;
        queueOptions = options.ConfigureQueues?.Invoke(queueOptions) ?? queueOptions;
        var loggers = CreateLoggers(options);
        var logger = loggers.CreateLogger(typeof(DevelopmentHost));
        var environment = WorkerLaunch.BuildEnvironment(options, appDirectory);
        var settings = new AppSettings(environment, options.StorageConnectionString);
        var storage = new StorageClients(queueOptions.UsesBase64);
        var outputs = new OutputBindingWriter(storage, settings, loggers.CreateLogger<OutputBindingWriter>());
        var sessions = new WorkerSessions();
        var connections = new WorkerConnections();
        var forwarder = new HttpForwarder();
        var host = new RunningDevelopmentHost(loggers, sessions, forwarder, options.ShutdownGracePeriod);
        try
        {
            var (grpc, grpcUri) = await GrpcServer.StartAsync(connections, new WorkerLogForwarder(loggers), loggers, cancellationToken);
            host.Grpc = grpc;
            var supervisor = new WorkerSupervisor(new WorkerLaunch(description, appDirectory, environment), grpcUri, connections, sessions, options, loggers);
            host.Supervisor = supervisor;
            await supervisor.StartAsync(cancellationToken);
            var indexed = sessions.Current?.Functions ?? throw new InvalidOperationException("The worker stopped while starting.");
            var functions = DisabledFunctions.Enabled(indexed, settings);
            foreach (var disabled in indexed.Where(f => !functions.Contains(f)))
            {
                logger.LogInformation("{Function}: disabled by {Setting}", disabled.Name, DisabledFunctions.SettingName(disabled.Name));
            }

            var handler = new HttpTriggerHandler(sessions, forwarder, outputs, options.WorkerStartTimeout, loggers.CreateLogger<HttpTriggerHandler>());
            var endpoints = new FunctionEndpointDataSource(handler.HandleAsync);
            host.Endpoints = endpoints;
            var routes = HttpRoutes.From(functions, hostJson.RoutePrefix);
            endpoints.Update(routes);
            // A restarted worker may come back with other functions (a rebuild while running): route to those.
            sessions.Published += session => endpoints.Update(HttpRoutes.From(DisabledFunctions.Enabled(session.Functions, settings), hostJson.RoutePrefix));
            var (http, httpUri) = await HttpServer.StartAsync(options.Port, endpoints, loggers, cancellationToken);
            host.Http = http;
            host.HttpUrl = httpUri;
            foreach (var route in routes)
            {
                logger.LogInformation("{Function}: [{Methods}] {Url}{Route}", route.Name,
                    route.Methods.Count == 0 ? "ANY" : string.Join(",", route.Methods), httpUri, route.RouteTemplate);
            }

            host.Queues.Start(functions, queueOptions, settings, storage, sessions, outputs, loggers);
            logger.LogInformation("Development host listening on {Url} ({Count} functions)", httpUri, functions.Count);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private static ILoggerFactory CreateLoggers(DevelopmentHostOptions options) => LoggerFactory.Create(logging =>
    {
        logging.SetMinimumLevel(options.MinimumLogLevel);
        // Kestrel's and gRPC's own chatter is noise for someone running functions.
        logging.AddFilter("Microsoft", LogLevel.Warning);
        logging.AddFilter("Grpc", LogLevel.Warning);
        logging.AddFilter("Azure", LogLevel.Warning);
        if (options.LogToConsole)
        {
            logging.AddSimpleConsole(console =>
            {
                console.SingleLine = true;
                console.TimestampFormat = "HH:mm:ss.fff ";
                console.ColorBehavior = LoggerColorBehavior.Default;
            });
        }

        options.ConfigureLogging?.Invoke(logging);
    });
}
