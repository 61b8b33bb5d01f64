namespace ModelService.Core.Inference.V2;

/// <summary>A v2 infer request: optional id, the inputs, the outputs asked for (empty: all of them) and its parameters.</summary>
public sealed record InferenceRequest(string? Id, IReadOnlyList<RequestInput> Inputs, IReadOnlyList<RequestedOutput> RequestedOutputs)
{
    public RequestParameters Parameters { get; init; } = RequestParameters.None;
}
