using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Logging;

namespace ModelService.FunctionsHost.TestWorker;

/// <summary>HTTP triggers whose answers show what the host passed on: route values, method, query and body.</summary>
public sealed class EchoFunctions
{
    private readonly ILogger<EchoFunctions> _logger;

    public EchoFunctions(ILogger<EchoFunctions> logger)
    {
        _logger = logger;
    }

    [Function("Echo")]
    public async Task<IActionResult> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", Route = "echo/{name}/{count:int?}")] HttpRequest request, string name, int? count)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        // The tests look for this line among the host's logs: it travels as an RpcLog.
        _logger.LogInformation("Echo invoked for {Name}", name);
        return new OkObjectResult(new
        {
            name,
            count,
            method = request.Method,
            query = request.Query["q"].ToString(),
            body,
            header = request.Headers["x-test"].ToString(),
        });
    }

    [Function("DeleteItem")]
    public IActionResult DeleteItem([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "items/{id:int}")] HttpRequest request, int id) =>
        new NoContentResult();

    [Function("Throw")]
    public IActionResult Throw([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "throw")] HttpRequest request) =>
        throw new InvalidOperationException("The test function failed on purpose.");

    [Function("Large")]
    public IActionResult Large([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "large/{kilobytes:int}")] HttpRequest request, int kilobytes) =>
        new ContentResult { Content = new string('x', kilobytes * 1024), ContentType = "text/plain", StatusCode = 200 };

    /// <summary>No route: the real host serves it at {prefix}/{function name}, for any method.</summary>
    [Function("NoRoute")]
    public IActionResult NoRoute([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest request) =>
        new OkObjectResult(new { method = request.Method });
}
