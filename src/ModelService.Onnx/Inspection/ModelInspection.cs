namespace ModelService.Onnx.Inspection;

/// <summary>
/// What a model file says about itself. <see cref="OperatorCounts"/> keys are domain-qualified ("ai.onnx.Gemm",
/// "com.microsoft.MatMulNBits") and count subgraph nodes too; <see cref="Opsets"/> maps domain to version.
/// </summary>
public sealed record ModelInspection(
    long IrVersion,
    string? Producer,
    IReadOnlyDictionary<string, long> Opsets,
    IReadOnlyList<TensorDescription> Inputs,
    IReadOnlyList<TensorDescription> Outputs,
    IReadOnlyDictionary<string, int> OperatorCounts,
    long ParameterCount,
    long InitializerBytes,
    QuantizationKind Quantization);
