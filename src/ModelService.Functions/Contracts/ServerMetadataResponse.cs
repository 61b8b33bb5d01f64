namespace ModelService.Functions.Contracts;

/// <summary><c>GET /v2</c>: the Open Inference Protocol v2 server metadata.</summary>
public sealed record ServerMetadataResponse(string Name, string Version, IReadOnlyList<string> Extensions);
