using Microsoft.Extensions.Logging;
using ModelService.FunctionsHost.Bindings;
using ModelService.FunctionsHost.Functions;
using ModelService.FunctionsHost.HostConfiguration;
using ModelService.FunctionsHost.Worker;

namespace ModelService.FunctionsHost.Queues;

/// <summary>The queue listeners for every queue-triggered function; stopped together with the host.</summary>
internal sealed class QueueTriggers : IDisposable
{
    private readonly CancellationTokenSource _polling = new();
    private readonly CancellationTokenSource _processing = new();
    private readonly List<Task> _listeners = [];

    public int Count => _listeners.Count;

    public void Start(IEnumerable<FunctionDescriptor> functions, QueueHostOptions options, AppSettings settings, StorageClients storage,
        WorkerSessions sessions, OutputBindingWriter outputs, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger<QueueTriggers>();
        foreach (var function in functions.Where(f => f.Trigger?.Is("queueTrigger") == true))
        {
            var trigger = function.Trigger!;
            var queueName = settings.Resolve(trigger.String("queueName") ?? string.Empty).ToLowerInvariant();
            var connection = settings.StorageConnection(trigger.String("connection"));
            var queue = storage.Queue(connection, queueName);
            var poison = storage.Queue(connection, queueName + "-poison");
            var processor = new QueueMessageProcessor(function.Name, trigger, queue, poison, options, sessions, outputs, storage, logger);
            var listener = new QueueTriggerListener(queue, processor, options, storage, logger);
            _listeners.Add(Task.Run(() => listener.RunAsync(_polling.Token, _processing.Token)));
            logger.LogInformation("{Function}: queueTrigger on {Queue}", function.Name, queueName);
        }
    }

    /// <summary>Stops polling; messages that are running get the grace period, then are released.</summary>
    public async Task StopAsync(TimeSpan gracePeriod)
    {
        await _polling.CancelAsync();
        _processing.CancelAfter(gracePeriod);
        await Task.WhenAll(_listeners).WaitAsync(gracePeriod + TimeSpan.FromSeconds(10));
    }

    public void Dispose()
    {
        _polling.Dispose();
        _processing.Dispose();
    }
}
