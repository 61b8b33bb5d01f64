namespace ModelService.Core.Serving;

/// <summary>The protocol extensions this service implements, as <c>GET /v2</c> lists them (Triton's names).</summary>
public static class ServerExtensions
{
    public static IReadOnlyList<string> Names { get; } =
        ["binary_tensor_data", "classification", "model_configuration", "model_repository", "statistics", "parameters"];
}
