using System.Collections.Concurrent;
using System.Threading.Channels;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using ModelService.FunctionsHost.Protocol.Grpc;
using RpcException = Grpc.Core.RpcException;
using MessageCase = ModelService.FunctionsHost.Protocol.Grpc.StreamingMessage.ContentOneofCase;

namespace ModelService.FunctionsHost.Protocol;

/// <summary>
/// One worker's event stream: requests go out through a single writer (gRPC stream writers allow one write at a
/// time) and responses are matched to their requests by kind and id. Logs go to the log sink as they arrive.
/// </summary>
internal sealed class WorkerChannel
{
    // Not SingleReader: that variant cannot count what is waiting, which the writer uses to batch flushes.
    private readonly Channel<StreamingMessage> _outgoing = Channel.CreateUnbounded<StreamingMessage>();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<StreamingMessage>> _pending = new();
    private readonly TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<RpcLog> _logSink;
    private readonly ILogger _logger;

    public WorkerChannel(string workerId, Action<RpcLog> logSink, ILogger logger)
    {
        WorkerId = workerId;
        _logSink = logSink;
        _logger = logger;
    }

    public string WorkerId { get; }

    /// <summary>Completes when the stream has ended, for whatever reason.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Pumps the stream until either side ends it; every request still waiting then fails.</summary>
    public async Task RunAsync(IAsyncStreamReader<StreamingMessage> reader, IServerStreamWriter<StreamingMessage> writer, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var writing = WriteAsync(writer, stop);
        try
        {
            while (await reader.MoveNext(stop.Token))
            {
                Dispatch(reader.Current);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or RpcException or InvalidOperationException)
        {
            // The worker went away or the host is stopping: both end the stream the same way.
            _logger.LogDebug(ex, "Event stream of worker {WorkerId} ended", WorkerId);
        }
        finally
        {
            _outgoing.Writer.TryComplete();
            await stop.CancelAsync();
            await writing;
            FailPending();
            _completion.TrySetResult();
        }
    }

    /// <summary>Sends a request and waits for the response with the given correlation key.</summary>
    public async Task<StreamingMessage> RequestAsync(string key, StreamingMessage request, CancellationToken cancellationToken)
    {
        var response = new TaskCompletionSource<StreamingMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.TryAdd(key, response))
        {
            throw new InvalidOperationException($"A request with key {key} is already waiting.");
        }

        try
        {
            if (_completion.Task.IsCompleted || !_outgoing.Writer.TryWrite(request))
            {
                throw new WorkerUnavailableException($"Worker {WorkerId} is not connected.");
            }

            return await response.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _pending.TryRemove(key, out _);
        }
    }

    /// <summary>Sends a message that has no response (cancel, terminate); false when the stream has ended.</summary>
    public bool Send(StreamingMessage message) => !_completion.Task.IsCompleted && _outgoing.Writer.TryWrite(message);

    public static string InvocationKey(string invocationId) => "invocation:" + invocationId;

    public static string LoadKey(string functionId) => "load:" + functionId;

    public const string InitKey = "init";

    public const string MetadataKey = "metadata";

    private async Task WriteAsync(IServerStreamWriter<StreamingMessage> writer, CancellationTokenSource stop)
    {
        var cancellationToken = stop.Token;
        try
        {
            var buffered = new WriteOptions(WriteFlags.BufferHint);
            await foreach (var message in _outgoing.Reader.ReadAllAsync(cancellationToken))
            {
                // Under load several messages wait: send them in one flush, and flush with the last one.
                writer.WriteOptions = _outgoing.Reader.Count > 0 ? buffered : WriteOptions.Default;
                await writer.WriteAsync(message, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or RpcException or InvalidOperationException)
        {
            _logger.LogDebug(ex, "Writing to worker {WorkerId} stopped", WorkerId);
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Writing to worker {WorkerId} failed", WorkerId);
        }
        finally
        {
            // A stream that can no longer send is over: end the reading side too, which fails whoever waits.
            await stop.CancelAsync();
        }
    }

    private void Dispatch(StreamingMessage message)
    {
        var key = message.ContentCase switch
        {
            MessageCase.RpcLog => null,
            MessageCase.WorkerInitResponse => InitKey,
            MessageCase.FunctionMetadataResponse => MetadataKey,
            MessageCase.FunctionLoadResponse => LoadKey(message.FunctionLoadResponse.FunctionId),
            MessageCase.InvocationResponse => InvocationKey(message.InvocationResponse.InvocationId),
            _ => null,
        };
        if (message.ContentCase == MessageCase.RpcLog)
        {
            _logSink(message.RpcLog);
        }
        else if (key is not null && _pending.TryGetValue(key, out var waiting))
        {
            waiting.TrySetResult(message);
        }
        else
        {
            // Status and other messages this host does not ask for, or an answer nobody waits for any more.
            _logger.LogDebug("Ignored {Kind} from worker {WorkerId}", message.ContentCase, WorkerId);
        }
    }

    private void FailPending()
    {
        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new WorkerUnavailableException($"Worker {WorkerId} disconnected before it answered."));
        }
    }
}
