using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelService.FunctionsHost.Bindings;
using ModelService.FunctionsHost.Protocol;
using ModelService.FunctionsHost.Protocol.Grpc;
using ModelService.FunctionsHost.Worker;

namespace ModelService.FunctionsHost.Http;

/// <summary>
/// Runs one HTTP-triggered invocation: forwards the request to the worker's HTTP server and sends the
/// InvocationRequest, then passes the worker's response through. The last chunk of the body is held back until the
/// invocation has finished and its output bindings are written, so that a client that has the whole response
/// also sees the outputs; a failed invocation that wrote nothing becomes a 500, as with the real host.
/// </summary>
internal sealed class HttpTriggerHandler
{
    private readonly WorkerSessions _sessions;
    private readonly HttpForwarder _forwarder;
    private readonly OutputBindingWriter _outputs;
    private readonly TimeSpan _workerWait;
    private readonly ILogger _logger;

    public HttpTriggerHandler(WorkerSessions sessions, HttpForwarder forwarder, OutputBindingWriter outputs, TimeSpan workerWait, ILogger<HttpTriggerHandler> logger)
    {
        _sessions = sessions;
        _forwarder = forwarder;
        _outputs = outputs;
        _workerWait = workerWait;
        _logger = logger;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var route = context.GetEndpoint()?.Metadata.GetMetadata<HttpFunction>()
            ?? throw new InvalidOperationException("The endpoint has no function.");
        // A request that meets a worker just as it dies waits for the next one, when that is safe: nothing was
        // answered yet and there is no body that the dead worker may have consumed.
        var canRetry = context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody != true;
        WorkerSession? failed = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            failed = await InvokeOnceAsync(context, route, failed, canRetry);
            if (failed is null)
            {
                return;
            }

            _logger.LogWarning("Function {Function}: the worker stopped during the request; trying the next worker", route.Name);
        }

        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
    }

    /// <summary>Runs the request on the current worker; returns that worker when it died before anything was answered.</summary>
    private async Task<WorkerSession?> InvokeOnceAsync(HttpContext context, HttpFunction route, WorkerSession? failed, bool canRetry)
    {
        var aborted = context.RequestAborted;
        var session = await WaitForWorkerAsync(failed, aborted);
        var function = session?.Find(route.Name);
        if (session is null || function is null)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return null;
        }

        if (session.HttpUri is null)
        {
            // Workers without the ASP.NET Core integration need the full RpcHttp exchange, which this host leaves out.
            _logger.LogError("Function {Function}: the worker does not use the ASP.NET Core integration (no HttpUri capability)", route.Name);
            context.Response.StatusCode = StatusCodes.Status501NotImplemented;
            return null;
        }

        var routeValues = HttpTriggerData.RouteValues(context.Request);
        var metadata = HttpTriggerData.Metadata(context.Request, routeValues);
        var request = FunctionInvoker.NewRequest(function.Id);
        request.InputData.Add(new ParameterBinding { Name = route.TriggerBinding, Data = HttpTriggerData.Input(routeValues) });
        request.TriggerMetadata.Add(metadata);

        // Forwarding starts first, as in the real host, so the worker has the request when the invocation arrives.
        var forwarding = _forwarder.SendAsync(context, session.HttpUri, request.InvocationId, aborted);
        var invocation = FunctionInvoker.InvokeAsync(session, request, aborted);
        HttpResponseMessage? response = null;
        try
        {
            response = await forwarding;
        }
        catch (HttpRequestException ex)
        {
            _logger.LogError("Function {Function}: forwarding to the worker failed: {Error}", route.Name, ex.Message);
        }

        if (response is null && canRetry && await WorkerStoppedAsync(invocation))
        {
            return session;
        }

        using (response)
        {
            await RelayAsync(context, route.Name, response, invocation, () => WriteOutputsAsync(function, invocation, metadata, aborted), aborted);
        }

        return null;
    }

    private async Task RelayAsync(HttpContext context, string functionName, HttpResponseMessage? response, Task<InvocationResponse> invocation, Func<Task> writeOutputs, CancellationToken aborted)
    {
        var held = HttpForwarder.RentBuffer();
        var reading = HttpForwarder.RentBuffer();
        try
        {
            var heldCount = 0;
            var started = false;
            if (response is not null)
            {
                await using var body = await response.Content.ReadAsStreamAsync(aborted);
                int read;
                while ((read = await body.ReadAsync(reading, aborted)) > 0)
                {
                    if (heldCount > 0)
                    {
                        started = await StartAsync(context, response, started);
                        await context.Response.Body.WriteAsync(held.AsMemory(0, heldCount), aborted);
                    }

                    (held, reading, heldCount) = (reading, held, read);
                }
            }

            var result = await InvocationResultAsync(invocation, functionName);
            if (result?.Succeeded() == true)
            {
                await writeOutputs();
            }

            if (response is null || (result?.Succeeded() != true && !started))
            {
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
                return;
            }

            await StartAsync(context, response, started);
            await context.Response.Body.WriteAsync(held.AsMemory(0, heldCount), aborted);
        }
        finally
        {
            HttpForwarder.ReturnBuffer(held);
            HttpForwarder.ReturnBuffer(reading);
        }
    }

    private static async Task<bool> WorkerStoppedAsync(Task<InvocationResponse> invocation)
    {
        try
        {
            await invocation;
            return false;
        }
        catch (WorkerUnavailableException)
        {
            return true;
        }
    }

    private async Task<InvocationResponse?> InvocationResultAsync(Task<InvocationResponse> invocation, string functionName)
    {
        try
        {
            var result = await invocation;
            if (result.Succeeded())
            {
                _logger.LogInformation("Executed '{Function}' (Succeeded, Id={InvocationId})", functionName, result.InvocationId);
            }
            else
            {
                _logger.LogWarning("Executed '{Function}' (Failed, Id={InvocationId}): {Error}", functionName, result.InvocationId, result.Failure());
            }

            return result;
        }
        catch (WorkerUnavailableException)
        {
            _logger.LogWarning("Executed '{Function}' (Failed): the worker stopped", functionName);
            return null;
        }
    }

    private async Task WriteOutputsAsync(Functions.FunctionDescriptor function, Task<InvocationResponse> invocation, IReadOnlyDictionary<string, TypedData> metadata, CancellationToken aborted)
    {
        if (function.Outputs.Any(o => !o.Is("http")))
        {
            await _outputs.WriteAsync(function, await invocation, metadata, aborted);
        }
    }

    private static async Task<bool> StartAsync(HttpContext context, HttpResponseMessage response, bool started)
    {
        if (!started)
        {
            HttpForwarder.CopyHead(response, context.Response);
            await context.Response.StartAsync(context.RequestAborted);
        }

        return true;
    }

    private async Task<WorkerSession?> WaitForWorkerAsync(WorkerSession? failed, CancellationToken aborted)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(_workerWait);
        try
        {
            return await _sessions.WaitAsync(failed, timeout.Token);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return null;
        }
    }
}
