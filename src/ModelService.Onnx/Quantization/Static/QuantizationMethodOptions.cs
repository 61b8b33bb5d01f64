namespace ModelService.Onnx.Quantization.Static;

/// <summary>
/// Which method to use and, for static quantization, how to calibrate and encode. Weights are symmetric int8 per
/// output channel with zero point 0 and magnitudes up to <see cref="WeightLimit"/>; activations are uint8
/// asymmetric, as ONNX Runtime's quantize_static writes them.
/// </summary>
public sealed record QuantizationMethodOptions
{
    /// <summary>
    /// 7-bit weights (|q| ≤ 64, the same rule as <see cref="WeightRange.Reduced"/>): u8 activation × s8 weight pair
    /// sums stay within int16 (2 × 255 × 64 = 32 640), so the AVX2/AVX-512 kernels without VNNI, which add adjacent products in int16 with
    /// saturation, compute the same result as VNNI ones.
    /// </summary>
    public const int ReducedRangeWeightLimit = WeightRanges.ReducedLimit;

    /// <summary>Full-range int8 weights: exact only on CPUs whose int8 kernels accumulate in int32 (VNNI, AMX).</summary>
    public const int FullRangeWeightLimit = WeightRanges.FullLimit;

    /// <summary>Dynamic quantization, what the overloads without a method use.</summary>
    public static QuantizationMethodOptions Dynamic { get; } = new();

    public QuantizationMethod Method { get; init; } = QuantizationMethod.Dynamic;

    public CalibrationMethod Calibration { get; init; } = CalibrationMethod.MinMax;

    /// <summary>For <see cref="CalibrationMethod.Percentile"/>: the share of values, in percent, the range keeps (split evenly between both tails).</summary>
    public double Percentile { get; init; } = 99.99;

    /// <summary>Largest weight magnitude in the int8 grid; the saturation rule of the target CPUs decides it.</summary>
    public int WeightLimit { get; init; } = ReducedRangeWeightLimit;

    /// <summary>Every how many calibration samples one is held out to judge the model on inputs it was not calibrated on.</summary>
    public int HoldOutEvery { get; init; } = 4;
}
