namespace ModelService.Core.Statistics;

/// <summary>What a duration was spent on; the statistics extension's names.</summary>
public enum StatisticPhase
{
    /// <summary>A call that succeeded, resolve to response written.</summary>
    Success,

    /// <summary>A call that failed.</summary>
    Fail,

    /// <summary>Waiting for the warm session (a cold load included).</summary>
    Queue,

    /// <summary>Reading the request's tensors into ONNX Runtime values.</summary>
    ComputeInput,

    /// <summary>ONNX Runtime's run.</summary>
    ComputeInfer,

    /// <summary>Writing the response's tensors.</summary>
    ComputeOutput,

    Count,
}
