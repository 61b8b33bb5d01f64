namespace ModelService.Onnx.Quantization;

/// <summary>
/// The numbers behind <see cref="WeightRange"/> and how weights are stored per operator:
/// MatMul/Gemm weights are int8 (zero point 0) because ONNX Runtime's u8×s8 GEMM is its fastest on VNNI CPUs and
/// as fast as u8×u8 elsewhere; Conv filters are uint8 with zero point 128 at full 8-bit precision, because
/// ConvInteger with int8 filters runs ONNX Runtime's scalar fallback on x86-64 while u8×u8 is vectorized, and
/// u8×u8 widens to int16 before multiplying (vpmaddwd), so it cannot saturate on any CPU.
/// </summary>
public static class WeightRanges
{
    /// <summary>The largest activation DynamicQuantizeLinear (or any uint8 QuantizeLinear) produces.</summary>
    public const int MaxActivation = byte.MaxValue;

    /// <summary>The largest |weight| of a pair whose sum cannot saturate int16: 255 × (64 + 64) = 32640 ≤ 32767.</summary>
    public const int ReducedLimit = 64;

    public const int FullLimit = 127;

    /// <summary>The largest |quantized weight| of a MatMul/Gemm.</summary>
    public static int Limit(WeightRange range) => range == WeightRange.Reduced ? ReducedLimit : FullLimit;

    /// <summary>The name in reports, manifests and the CLI's <c>--weight-range</c>.</summary>
    public static string Name(WeightRange range) => range switch
    {
        WeightRange.Reduced => "reduced",
        WeightRange.Full => "full",
        _ => throw new ArgumentOutOfRangeException(nameof(range), range, null),
    };

    public static WeightRange? Parse(string name) => name switch
    {
        "reduced" => WeightRange.Reduced,
        "full" => WeightRange.Full,
        _ => null,
    };

    /// <summary>How the weights are stored, in words, for reports.</summary>
    public static string Encoding(WeightRange range) =>
        $"MatMul/Gemm int8 [-{Limit(range)}, {Limit(range)}]; Conv uint8 [1, 255], zero point 128";

    /// <summary>The CPUs on which a model with this range computes what the quality gate measured.</summary>
    public static string ValidFor(WeightRange range) => range == WeightRange.Reduced
        ? "any x86-64 or ARM64 CPU"
        : "CPUs with VNNI (AVX-512 VNNI, AVX-VNNI, AMX) or ARM64; on AVX2-only CPUs only as far as the calibration data shows no saturated pair";
}
