namespace ModelService.Functions.Contracts;

/// <summary>
/// Every error body: a stable message a person can read, a machine-readable <see cref="Code"/> (an
/// <c>ErrorCode</c> name, or <c>InternalError</c>/<c>ClientClosedRequest</c>) and the request id the server log
/// carries too. Never a runtime's own text.
/// </summary>
public sealed record ErrorResponse(string Error, string Code, string RequestId);
