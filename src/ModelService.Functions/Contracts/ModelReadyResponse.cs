namespace ModelService.Functions.Contracts;

/// <summary><c>GET /v2/models/{m}[/versions/{v}]/ready</c>: the version that was made ready.</summary>
public sealed record ModelReadyResponse(string Name, string Version, bool Ready);
