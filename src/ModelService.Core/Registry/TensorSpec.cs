namespace ModelService.Core.Registry;

/// <summary>
/// A model input or output as the Open Inference Protocol v2 describes it: name, v2 datatype name
/// (FP32, INT64, BYTES, …) and shape, where -1 marks a dynamic dimension.
/// </summary>
public sealed record TensorSpec(string Name, string Datatype, IReadOnlyList<long> Shape);
