namespace ModelService.Onnx.Quantization;

/// <summary>
/// The range of the int8 weights of MatMul/Gemm. ONNX Runtime's u8×s8 kernels on x86-64 CPUs without VNNI (AVX2,
/// AVX-512 without VNNI) multiply with vpmaddubsw, which adds each adjacent pair of products along the inner axis
/// into a saturating int16; activations are uint8 (0…255), so a pair reaches 255 × (|w₁| + |w₂|).
/// Conv filters are not affected: they are stored as uint8 (see <see cref="WeightRanges"/>), whose kernels widen
/// to int16 before multiplying and cannot saturate.
/// </summary>
public enum WeightRange
{
    /// <summary>
    /// Symmetric int8 in [−64, 64] (7 bits, as ONNX Runtime's reduce_range): a pair is at most 255 × 128 = 32640,
    /// which fits int16, so every x86-64 and ARM64 kernel computes the exact integer result. The default.
    /// </summary>
    Reduced,

    /// <summary>
    /// Symmetric int8 in [−127, 127]: one bit more precision, exact only where the kernel accumulates into int32
    /// directly (AVX-512 VNNI, AVX-VNNI, AMX, ARM64). On AVX2-only CPUs a pair can reach 64770 and is clamped.
    /// </summary>
    Full,
}
