using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelService.Core.Errors;
using ModelService.Core.Inference.V2;
using ModelService.Functions.Contracts;
using ModelService.Functions.Middleware;

namespace ModelService.Functions.Http;

/// <summary>
/// Turns every failure into a typed error answer and one log line with the request id: expected ones
/// (<see cref="ModelServiceException"/>) with their status, code and stable message, their cause (a runtime's own
/// text) only in the log; anything else a 500 whose body says nothing but the request id to quote.
/// </summary>
public static class HttpErrors
{
    public const string InternalErrorCode = "InternalError";
    public const string ClientClosedRequestCode = "ClientClosedRequest";
    public const int ClientClosedRequest = 499;

    public static ErrorResult From(Exception exception, HttpContext context, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(logger);
        exception = Unwrap(exception);
        var requestId = RequestIds.Of(context);
        var request = context.Request;
        switch (exception)
        {
            case ModelServiceException expected:
                // The cause, when there is one, is a runtime's text (ONNX Runtime, System.Text.Json…): the log's, not the client's.
                logger.LogInformation(expected.InnerException, "{Method} {Path} failed: {Code}; request {RequestId}", request.Method, request.Path, expected.Code, requestId);
                var error = new ErrorResult(ErrorResponses.StatusFor(expected.Code), new ErrorResponse(expected.Message, expected.Code.ToString(), requestId) { Id = InferenceRequestIds.Of(expected) }, expected.RetryAfter);
                if (error.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds;
                }

                return error;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                logger.LogInformation("{Method} {Path}: the client closed the request; request {RequestId}", request.Method, request.Path, requestId);
                return new ErrorResult(ClientClosedRequest, new ErrorResponse("The client closed the request.", ClientClosedRequestCode, requestId));
            default:
                logger.LogError(exception, "{Method} {Path} failed unexpectedly; request {RequestId}", request.Method, request.Path, requestId);
                return new ErrorResult(StatusCodes.Status500InternalServerError, new ErrorResponse($"Internal error; quote request id {requestId}.", InternalErrorCode, requestId));
        }
    }

    private static Exception Unwrap(Exception exception) => exception switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => exception,
    };
}
