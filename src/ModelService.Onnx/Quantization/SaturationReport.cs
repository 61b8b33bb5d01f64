namespace ModelService.Onnx.Quantization;

/// <summary>
/// What <see cref="SaturationProbe"/> found on the calibration data: pair sums that leave int16 on AVX2-only CPUs,
/// out of all pair sums of int8 MatMul/Gemm nodes, and the first node where one did.
/// </summary>
public sealed record SaturationReport(long SaturatedPairs, long Pairs, string? FirstNode);
