using System.Diagnostics;
using ModelService.FunctionsHost.Protocol;
using ModelService.FunctionsHost.Protocol.Grpc;

namespace ModelService.FunctionsHost.Worker;

/// <summary>Sends one InvocationRequest and waits for its InvocationResponse; cancelling sends InvocationCancel.</summary>
internal static class FunctionInvoker
{
    /// <summary>
    /// A new request with a fresh invocation id and a W3C trace context: the worker builds the function's
    /// TraceContext from it and fails the invocation when it is missing.
    /// </summary>
    public static InvocationRequest NewRequest(string functionId) => new()
    {
        InvocationId = Guid.NewGuid().ToString(),
        FunctionId = functionId,
        TraceContext = new RpcTraceContext
        {
            TraceParent = Activity.Current?.Id ?? $"00-{ActivityTraceId.CreateRandom()}-{ActivitySpanId.CreateRandom()}-00",
        },
    };

    public static async Task<InvocationResponse> InvokeAsync(WorkerSession session, InvocationRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await session.Channel.RequestAsync(
                WorkerChannel.InvocationKey(request.InvocationId), new StreamingMessage { InvocationRequest = request }, cancellationToken);
            return response.InvocationResponse;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Tell the worker, which hands the cancellation to the function's CancellationToken.
            session.Channel.Send(new StreamingMessage { InvocationCancel = new InvocationCancel { InvocationId = request.InvocationId } });
            throw;
        }
    }

    public static bool Succeeded(this InvocationResponse response) =>
        response.Result?.Status == StatusResult.Types.Status.Success;

    /// <summary>The failure as the worker reported it: the exception's type and message, never the payload.</summary>
    public static string Failure(this InvocationResponse response) =>
        response.Result?.Exception is { } exception ? $"{exception.Type}: {exception.Message}".TrimStart(':', ' ') : "the function failed";
}
