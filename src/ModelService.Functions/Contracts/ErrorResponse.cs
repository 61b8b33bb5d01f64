namespace ModelService.Functions.Contracts;

/// <summary>
/// Every error body: a stable message a person can read, a machine-readable <see cref="Code"/> (an
/// <c>ErrorCode</c> name, or <c>InternalError</c>/<c>ClientClosedRequest</c>) and the request id the server log
/// carries too. Never a runtime's own text. <see cref="Id"/> echoes an infer request's own v2 <c>id</c> when it had
/// one (omitted otherwise), as the protocol asks.
/// </summary>
public sealed record ErrorResponse(string Error, string Code, string RequestId)
{
    public string? Id { get; init; }
}
