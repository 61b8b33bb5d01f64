using ModelService.Core.Serving;

namespace ModelService.Functions.Inference;

/// <summary>The body of <c>GET /api/models</c>: <c>{"models": [{name, versions, aliases, latestVersion, private}]}</c>.</summary>
public sealed record ModelListBody(IReadOnlyList<ModelListing> Models);
