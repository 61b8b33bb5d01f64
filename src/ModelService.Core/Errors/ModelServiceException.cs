namespace ModelService.Core.Errors;

/// <summary>A failure the caller can act on. Its message is safe to show to clients: it never holds payload data.</summary>
public sealed class ModelServiceException : Exception
{
    public ModelServiceException(ErrorCode code, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Code = code;
    }

    public ErrorCode Code { get; }

    /// <summary>When the caller may try again, for refusals that pass with time (rate limits).</summary>
    public TimeSpan? RetryAfter { get; init; }
}
