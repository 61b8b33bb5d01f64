namespace ModelService.Functions.Contracts;

/// <summary><c>GET /v2/health/live</c>.</summary>
public sealed record ServerLiveResponse(bool Live);
