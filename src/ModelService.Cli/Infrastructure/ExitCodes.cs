using ModelService.Core.Errors;

namespace ModelService.Cli.Infrastructure;

/// <summary>What each exit status means, so scripts can branch on it.</summary>
public static class ExitCodes
{
    public const int Success = 0;
    public const int Unexpected = 1;
    public const int BadInput = 2;
    public const int NotFound = 3;
    public const int Conflict = 4;
    public const int Unavailable = 5;

    /// <summary>A quantized model missed the quality gate; nothing was written or published.</summary>
    public const int QualityGateFailed = 6;

    public static int For(ErrorCode code) => code switch
    {
        ErrorCode.ModelNotFound or ErrorCode.NotFound => NotFound,
        ErrorCode.Conflict => Conflict,
        ErrorCode.IntegrityCheckFailed or ErrorCode.ModelUnavailable => Unavailable,
        _ => BadInput,
    };
}
