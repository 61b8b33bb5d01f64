using Microsoft.Extensions.Logging;
using ModelService.FunctionsHost.Functions;
using ModelService.FunctionsHost.Protocol;
using ModelService.FunctionsHost.Protocol.Grpc;

namespace ModelService.FunctionsHost.Worker;

/// <summary>
/// What the real host does once a worker has dialled in: WorkerInitRequest, then FunctionsMetadataRequest (worker
/// indexing), then one FunctionLoadRequest per function.
/// </summary>
internal static class WorkerHandshake
{
    /// <summary>Reported to the worker as the host version; workers only log it.</summary>
    public const string HostVersion = "4.1037.0-modelsvc-dev";

    private const string HttpUriCapability = "HttpUri";

    public static async Task<(IReadOnlyList<FunctionDescriptor> Functions, Uri? HttpUri)> RunAsync(
        WorkerChannel channel, string appDirectory, ILogger logger, CancellationToken cancellationToken)
    {
        var init = await channel.RequestAsync(WorkerChannel.InitKey, new StreamingMessage
        {
            RequestId = NewId(),
            WorkerInitRequest = new WorkerInitRequest
            {
                HostVersion = HostVersion,
                WorkerDirectory = appDirectory,
                FunctionAppDirectory = appDirectory,
            },
        }, cancellationToken);
        EnsureSuccess(init.WorkerInitResponse.Result, "initialise");
        var capabilities = init.WorkerInitResponse.Capabilities;
        Uri? httpUri = capabilities.TryGetValue(HttpUriCapability, out var uri) && !string.IsNullOrEmpty(uri) ? new Uri(uri) : null;

        var metadata = await channel.RequestAsync(WorkerChannel.MetadataKey, new StreamingMessage
        {
            RequestId = NewId(),
            FunctionsMetadataRequest = new FunctionsMetadataRequest { FunctionAppDirectory = appDirectory },
        }, cancellationToken);
        var response = metadata.FunctionMetadataResponse;
        EnsureSuccess(response.Result, "index its functions");
        var indexed = response.UseDefaultMetadataIndexing
            ? FunctionsMetadataFile.Load(appDirectory)
            : response.FunctionMetadataResults;

        var functions = indexed.Select(FunctionDescriptor.From).ToArray();
        var loads = functions.Select(f => LoadAsync(channel, f, logger, cancellationToken));
        var loaded = (await Task.WhenAll(loads)).Where(f => f is not null).Select(f => f!).ToArray();
        return (loaded, httpUri);
    }

    private static async Task<FunctionDescriptor?> LoadAsync(WorkerChannel channel, FunctionDescriptor function, ILogger logger, CancellationToken cancellationToken)
    {
        var response = await channel.RequestAsync(WorkerChannel.LoadKey(function.Id), new StreamingMessage
        {
            RequestId = NewId(),
            FunctionLoadRequest = new FunctionLoadRequest { FunctionId = function.Id, Metadata = function.Metadata },
        }, cancellationToken);
        var result = response.FunctionLoadResponse.Result;
        if (result?.Status == StatusResult.Types.Status.Success)
        {
            return function;
        }

        // Like the real host, a function that fails to load is left out and the others still run.
        logger.LogError("Function {Function} failed to load: {Error}", function.Name, result?.Exception?.Message);
        return null;
    }

    private static void EnsureSuccess(StatusResult? result, string what)
    {
        // An absent result is success: some workers leave it out of responses that cannot fail.
        if (result is not null && result.Status != StatusResult.Types.Status.Success && result.Exception is not null)
        {
            throw new InvalidOperationException($"The worker failed to {what}: {result.Exception.Message}");
        }
    }

    private static string NewId() => Guid.NewGuid().ToString();
}
