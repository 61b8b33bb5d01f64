namespace ModelService.Functions.Contracts;

/// <summary><c>GET /v2/health/ready</c>.</summary>
public sealed record ServerReadyResponse(bool Ready);
