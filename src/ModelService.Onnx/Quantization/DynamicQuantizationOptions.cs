namespace ModelService.Onnx.Quantization;

/// <summary>Settings for <see cref="DynamicQuantizer"/>; the defaults match ONNX Runtime's quantize_dynamic.</summary>
public sealed record DynamicQuantizationOptions
{
    /// <summary>One scale per output channel (Gemm/MatMul column, Conv filter) instead of one per weight tensor.</summary>
    public bool PerChannel { get; init; }

    /// <summary>The range of MatMul/Gemm int8 weights; the default cannot saturate on any CPU (see <see cref="Quantization.WeightRange"/>).</summary>
    public WeightRange WeightRange { get; init; } = WeightRange.Reduced;

    /// <summary>Node names left in float32, for layers known to be sensitive (first/last layers, attention heads).</summary>
    public IReadOnlySet<string> ExcludedNodes { get; init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>Operator types considered at all; anything else stays float32.</summary>
    public IReadOnlySet<string> OperatorTypes { get; init; } = new HashSet<string>(StringComparer.Ordinal) { "MatMul", "Gemm", "Conv" };

    /// <summary>
    /// Replaces MatMuls whose inner dimension is at least <see cref="WeightOnly4BitMinimumK"/> with com.microsoft
    /// MatMulNBits (4-bit block-wise weights, float activations) instead of the int8 dynamic pattern.
    /// </summary>
    public bool WeightOnly4Bit { get; init; }

    public int WeightOnly4BitBlockSize { get; init; } = 32;

    public int WeightOnly4BitMinimumK { get; init; } = 64;
}
