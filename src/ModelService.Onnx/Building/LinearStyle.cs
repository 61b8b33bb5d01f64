namespace ModelService.Onnx.Building;

/// <summary>How a dense layer is written in the graph; exporters emit all three, so tools must handle all three.</summary>
public enum LinearStyle
{
    /// <summary>Gemm with B stored [inputs, units].</summary>
    Gemm,

    /// <summary>Gemm with B stored [units, inputs] and transB = 1, as PyTorch exports nn.Linear.</summary>
    GemmTransposed,

    /// <summary>MatMul followed by Add.</summary>
    MatMulAdd,
}
