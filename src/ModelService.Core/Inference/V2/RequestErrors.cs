using ModelService.Core.Errors;

namespace ModelService.Core.Inference.V2;

/// <summary>The two ways a request is refused: it is wrong (400) or it is too big (413).</summary>
internal static class RequestErrors
{
    public static ModelServiceException Invalid(string message) => new(ErrorCode.InvalidRequest, message);

    public static ModelServiceException TooLarge(string message) => new(ErrorCode.PayloadTooLarge, message);
}
