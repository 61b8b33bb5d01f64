using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using ModelService.Core.Errors;

namespace ModelService.Functions.Http;

/// <summary>
/// Runs one HTTP function body and turns every failure into a typed v2 error: expected ones with their status,
/// anything else as a 500 that carries only an error id (the details go to the log, never to the client).
/// </summary>
public static class HttpCall
{
    public static async Task<IActionResult> ExecuteAsync(HttpRequest request, ILogger logger, Func<CancellationToken, Task<IActionResult>> body)
    {
        var cancellationToken = request.HttpContext.RequestAborted;
        try
        {
            return await body(cancellationToken);
        }
        catch (ModelServiceException exception)
        {
            logger.LogInformation("{Method} {Path} failed: {Code}", request.Method, request.Path, exception.Code);
            if (exception.RetryAfter is { } retryAfter)
            {
                // Whole seconds, rounded up: a client that waits this long finds a token.
                request.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return ErrorResponses.From(exception);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ErrorResponses.Create(499, "The client closed the request.");
        }
        catch (Exception exception)
        {
            var errorId = Guid.NewGuid().ToString("N");
            logger.LogError(exception, "{Method} {Path} failed unexpectedly; error id {ErrorId}", request.Method, request.Path, errorId);
            return ErrorResponses.Create(StatusCodes.Status500InternalServerError, $"Internal error {errorId}.");
        }
    }
}
