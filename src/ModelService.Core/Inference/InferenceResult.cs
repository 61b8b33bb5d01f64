namespace ModelService.Core.Inference;

/// <summary>A v2 response body, ready to send, with what billing and logs need to know about the call.</summary>
public sealed record InferenceResult(byte[] ResponseJson, long BatchSize, TimeSpan ComputeTime);
