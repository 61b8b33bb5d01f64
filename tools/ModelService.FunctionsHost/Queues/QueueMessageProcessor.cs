using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;
using ModelService.FunctionsHost.Bindings;
using ModelService.FunctionsHost.Functions;
using ModelService.FunctionsHost.HostConfiguration;
using ModelService.FunctionsHost.Protocol;
using ModelService.FunctionsHost.Protocol.Grpc;
using ModelService.FunctionsHost.Worker;

namespace ModelService.FunctionsHost.Queues;

/// <summary>
/// One message through one queue-triggered function, with the real host's rules: a message dequeued more than
/// maxDequeueCount times goes to the poison queue unprocessed; success writes the outputs and then deletes the
/// message; failure makes it visible again after visibilityTimeout, or poisons it on its last allowed attempt.
/// </summary>
internal sealed class QueueMessageProcessor
{
    private readonly string _functionName;
    private readonly BindingDescriptor _trigger;
    private readonly QueueClient _queue;
    private readonly QueueClient _poison;
    private readonly QueueHostOptions _options;
    private readonly WorkerSessions _sessions;
    private readonly OutputBindingWriter _outputs;
    private readonly StorageClients _storage;
    private readonly ILogger _logger;

    public QueueMessageProcessor(string functionName, BindingDescriptor trigger, QueueClient queue, QueueClient poison, QueueHostOptions options,
        WorkerSessions sessions, OutputBindingWriter outputs, StorageClients storage, ILogger logger)
    {
        _functionName = functionName;
        _trigger = trigger;
        _queue = queue;
        _poison = poison;
        _options = options;
        _sessions = sessions;
        _outputs = outputs;
        _storage = storage;
        _logger = logger;
    }

    public async Task ProcessAsync(QueueMessage message, CancellationToken stopping)
    {
        try
        {
            if (message.DequeueCount > _options.MaxDequeueCount)
            {
                await PoisonAsync(message, stopping);
                return;
            }

            if (await InvokeAsync(message, stopping))
            {
                await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stopping);
            }
            else if (message.DequeueCount >= _options.MaxDequeueCount)
            {
                await PoisonAsync(message, stopping);
            }
            else
            {
                await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: _options.VisibilityTimeout, cancellationToken: stopping);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping (or no worker any more): the message is not this run's to settle.
            await ReleaseAsync(message);
        }
        catch (RequestFailedException ex)
        {
            // The pop receipt expired or storage is unreachable: the message comes back by itself.
            _logger.LogWarning("Queue {Queue}: could not settle message {MessageId}: {Error}", _queue.Name, message.MessageId, ex.ErrorCode ?? ex.Message);
        }
    }

    private async Task<bool> InvokeAsync(QueueMessage message, CancellationToken stopping)
    {
        var session = await _sessions.WaitAsync(stopping);
        var function = session.Find(_functionName);
        if (function is null)
        {
            _logger.LogWarning("Function {Function} is not loaded in the current worker", _functionName);
            return false;
        }

        var metadata = QueueTriggerData.Metadata(message);
        var request = FunctionInvoker.NewRequest(function.Id);
        request.InputData.Add(new ParameterBinding { Name = _trigger.Name, Data = QueueTriggerData.Input(_trigger, message) });
        request.TriggerMetadata.Add(metadata);
        try
        {
            var response = await FunctionInvoker.InvokeAsync(session, request, stopping);
            if (!response.Succeeded())
            {
                _logger.LogWarning("Executed '{Function}' (Failed, Id={InvocationId}, message {MessageId}, dequeue count {DequeueCount}): {Error}",
                    _functionName, request.InvocationId, message.MessageId, message.DequeueCount, response.Failure());
                return false;
            }

            await _outputs.WriteAsync(function, response, metadata, stopping);
            _logger.LogInformation("Executed '{Function}' (Succeeded, Id={InvocationId})", _functionName, request.InvocationId);
            return true;
        }
        catch (WorkerUnavailableException)
        {
            _logger.LogWarning("Executed '{Function}' (Failed, Id={InvocationId}): the worker stopped", _functionName, request.InvocationId);
            return false;
        }
        catch (Exception ex) when (ex is RequestFailedException or InvalidOperationException)
        {
            _logger.LogWarning("Function {Function}: output bindings failed: {Error}", _functionName, ex.Message);
            return false;
        }
    }

    private async Task PoisonAsync(QueueMessage message, CancellationToken stopping)
    {
        await _storage.EnsureQueueAsync(_poison, stopping);
        await _poison.SendMessageAsync(message.Body, cancellationToken: stopping);
        await _queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stopping);
        _logger.LogWarning("Message {MessageId} has reached MaxDequeueCount of {Max}; moved to queue {Poison}", message.MessageId, _options.MaxDequeueCount, _poison.Name);
    }

    // Stopping: make the message visible now, so that the next run does not wait out the processing lease.
    private async Task ReleaseAsync(QueueMessage message)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await _queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: timeout.Token);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException)
        {
            _logger.LogDebug("Message {MessageId} not released on shutdown: {Error}", message.MessageId, ex.Message);
        }
    }
}
