namespace ModelService.Core.Inference.V2;

/// <summary>
/// An entry of a request's <c>outputs</c>: its name, whether it is wanted as binary data (null: the request's
/// <c>binary_data_output</c> decides), and the classification extension's top-k count (null: the raw tensor).
/// </summary>
public sealed record RequestedOutput(string Name, bool? BinaryData = null, int? Classification = null);
