using ModelService.Core.Inference.V2;

namespace ModelService.Core.Inference;

/// <summary>
/// A v2 response, ready to be written, with what billing, statistics and logs need to know about the call. It owns
/// the output values and the session lease behind them: dispose it once the response is written.
/// </summary>
public sealed class InferenceResult : IDisposable
{
    public InferenceResult(InferenceResponse response, long batchSize, TimeSpan computeTime)
    {
        Response = response;
        BatchSize = batchSize;
        ComputeTime = computeTime;
    }

    public InferenceResponse Response { get; }

    public long BatchSize { get; }

    /// <summary>ONNX Runtime's run (statistics: compute_infer; billing: compute µs).</summary>
    public TimeSpan ComputeTime { get; }

    /// <summary>Reading the request's tensors (statistics: compute_input).</summary>
    public TimeSpan InputTime { get; init; }

    /// <summary>Model rows an explanation evaluated (<c>parameters.explain</c>), billed as items on top of the batch; null when none was asked.</summary>
    public long? Evaluations { get; init; }

    public void Dispose() => Response.Dispose();
}
