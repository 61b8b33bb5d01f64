using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using ModelService.Core.Errors;
using ModelService.Core.Inference.V2;

namespace ModelService.Functions.Http;

/// <summary>Open Inference Protocol v2 errors: a status code and a body of the form {"error": "…"}.</summary>
public static class ErrorResponses
{
    public static int StatusFor(ErrorCode code) => code switch
    {
        ErrorCode.InvalidRequest or ErrorCode.InvalidModelReference or ErrorCode.InvalidModel => StatusCodes.Status400BadRequest,
        ErrorCode.ModelNotFound or ErrorCode.NotFound => StatusCodes.Status404NotFound,
        ErrorCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCode.Conflict => StatusCodes.Status409Conflict,
        ErrorCode.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorCode.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCode.RateLimited => StatusCodes.Status429TooManyRequests,
        ErrorCode.SpendCapReached => StatusCodes.Status402PaymentRequired,
        ErrorCode.IntegrityCheckFailed or ErrorCode.ModelUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static IActionResult Create(int status, string message) =>
        new ObjectResult(new ErrorBody(message)) { StatusCode = status };

    public static IActionResult From(ModelServiceException exception) =>
        new ObjectResult(new ErrorBody(exception.Message) { Id = InferenceRequestIds.Of(exception) }) { StatusCode = StatusFor(exception.Code) };
}
