namespace ModelService.Core.Registry;

/// <summary>The tensors a model takes and returns, read from the model itself.</summary>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs);
