namespace ModelService.Core.Inference.V2;

/// <summary>A v2 infer request body: optional id, the inputs, and the outputs asked for (empty: all of them).</summary>
public sealed record InferenceRequest(string? Id, IReadOnlyList<RequestInput> Inputs, IReadOnlyList<string> RequestedOutputs);
