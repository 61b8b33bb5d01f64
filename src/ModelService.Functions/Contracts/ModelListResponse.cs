using ModelService.Core.Serving;

namespace ModelService.Functions.Contracts;

/// <summary><c>GET /api/models</c>: <c>{"models": [{name, versions, aliases, latestVersion, private}]}</c>.</summary>
public sealed record ModelListResponse(IReadOnlyList<ModelListing> Models);
