using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace ModelService.FunctionsHost.TestWorker;

/// <summary>HTTP triggers with storage outputs.</summary>
public sealed class OutputFunctions
{
    [Function("Enqueue")]
    public async Task<EnqueueResult> Enqueue([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "enqueue")] HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var text = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        return new EnqueueResult { Message = text, Response = new AcceptedResult() };
    }

    [Function("WriteBlob")]
    [BlobOutput("%OutputContainer%/{name}.txt")]
    public async Task<string> WriteBlob([HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "blobs/{name}")] HttpRequest request, string name)
    {
        using var reader = new StreamReader(request.Body);
        return await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
    }
}
