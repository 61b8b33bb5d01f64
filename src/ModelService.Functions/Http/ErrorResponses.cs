using Microsoft.AspNetCore.Http;
using ModelService.Core.Errors;

namespace ModelService.Functions.Http;

/// <summary>The HTTP status of each <see cref="ErrorCode"/>.</summary>
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
}
