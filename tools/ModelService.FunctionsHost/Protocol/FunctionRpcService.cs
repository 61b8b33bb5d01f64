using Grpc.Core;
using Microsoft.Extensions.Logging;
using ModelService.FunctionsHost.Protocol.Grpc;
using ModelService.FunctionsHost.Worker;
using RpcException = Grpc.Core.RpcException;

namespace ModelService.FunctionsHost.Protocol;

/// <summary>The host side of FunctionRpc.EventStream: the worker dials in and says who it is with StartStream.</summary>
internal sealed class FunctionRpcService : FunctionRpc.FunctionRpcBase
{
    private readonly WorkerConnections _connections;
    private readonly WorkerLogForwarder _logs;
    private readonly ILogger<FunctionRpcService> _logger;

    public FunctionRpcService(WorkerConnections connections, WorkerLogForwarder logs, ILogger<FunctionRpcService> logger)
    {
        _connections = connections;
        _logs = logs;
        _logger = logger;
    }

    public override async Task EventStream(IAsyncStreamReader<StreamingMessage> requestStream, IServerStreamWriter<StreamingMessage> responseStream, ServerCallContext context)
    {
        if (!await requestStream.MoveNext(context.CancellationToken)
            || requestStream.Current.ContentCase != StreamingMessage.ContentOneofCase.StartStream)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "The first message must be StartStream."));
        }

        var channel = new WorkerChannel(requestStream.Current.StartStream.WorkerId, _logs.Forward, _logger);
        if (!_connections.Accept(channel))
        {
            _logger.LogWarning("Refused an event stream from unknown worker {WorkerId}", channel.WorkerId);
            throw new RpcException(new Status(StatusCode.PermissionDenied, "Unknown worker id."));
        }

        await channel.RunAsync(requestStream, responseStream, context.CancellationToken);
    }
}
