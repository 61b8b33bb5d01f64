namespace ModelService.Onnx.Quantization;

/// <summary>
/// A C# reference of what ONNX Runtime's u8×s8 GEMM computes on x86-64 CPUs without VNNI: vpmaddubsw multiplies
/// uint8 activations by int8 weights and adds each adjacent pair along the inner axis (k = 2p, 2p + 1) into an int16
/// with saturation; vpmaddwd then sums the int16 pairs into int32 exactly. A VNNI, AMX or ARM64 kernel computes the
/// exact sum. The two agree exactly when no pair leaves [−32768, 32767], which is what this class checks.
/// </summary>
public static class Int16PairSums
{
    /// <summary>
    /// The largest |pair sum| any uint8 activations can produce with [rows = K, columns = N] row-major weights:
    /// 255 × max over columns and pairs of |w[2p, n]| + |w[2p + 1, n]|. At most 32767 means no input can saturate.
    /// </summary>
    public static int WorstCase(ReadOnlySpan<sbyte> weights, int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(weights.Length, rows * columns);
        var worst = 0;
        for (var p = 0; p < rows; p += 2)
        {
            for (var n = 0; n < columns; n++)
            {
                var pair = Math.Abs((int)weights[(p * columns) + n]) + (p + 1 < rows ? Math.Abs((int)weights[((p + 1) * columns) + n]) : 0);
                worst = Math.Max(worst, pair * WeightRanges.MaxActivation);
            }
        }

        return worst;
    }

    /// <summary>
    /// Row-major activations [M, K] times weights [K, N] as the int16 pair-sum path computes it, before zero-point
    /// correction (the kernel corrects afterwards, in int32, so saturation acts on the raw products).
    /// </summary>
    public static int[] MultiplySaturating(ReadOnlySpan<byte> activations, ReadOnlySpan<sbyte> weights, int rows, int inner, int columns) =>
        Multiply(activations, weights, rows, inner, columns, saturate: true);

    /// <summary>The exact product, as VNNI, AMX and ARM64 kernels compute it.</summary>
    public static int[] MultiplyExact(ReadOnlySpan<byte> activations, ReadOnlySpan<sbyte> weights, int rows, int inner, int columns) =>
        Multiply(activations, weights, rows, inner, columns, saturate: false);

    /// <summary>How many pair sums of activations [M, K] × weights [K, N] leave the int16 range.</summary>
    public static long CountSaturated(ReadOnlySpan<byte> activations, ReadOnlySpan<sbyte> weights, int rows, int inner, int columns)
    {
        Check(activations, weights, rows, inner, columns);
        long saturated = 0;
        for (var m = 0; m < rows; m++)
        {
            var row = activations.Slice(m * inner, inner);
            for (var p = 0; p < inner; p += 2)
            {
                int a0 = row[p], a1 = p + 1 < inner ? row[p + 1] : 0;
                if (a0 == 0 && a1 == 0)
                {
                    continue;
                }

                for (var n = 0; n < columns; n++)
                {
                    var pair = (a0 * weights[(p * columns) + n]) + (p + 1 < inner ? a1 * weights[((p + 1) * columns) + n] : 0);
                    if (pair is > short.MaxValue or < short.MinValue)
                    {
                        saturated++;
                    }
                }
            }
        }

        return saturated;
    }

    private static int[] Multiply(ReadOnlySpan<byte> activations, ReadOnlySpan<sbyte> weights, int rows, int inner, int columns, bool saturate)
    {
        Check(activations, weights, rows, inner, columns);
        var result = new int[rows * columns];
        for (var m = 0; m < rows; m++)
        {
            for (var n = 0; n < columns; n++)
            {
                var sum = 0;
                for (var p = 0; p < inner; p += 2)
                {
                    var pair = (activations[(m * inner) + p] * weights[(p * columns) + n])
                        + (p + 1 < inner ? activations[(m * inner) + p + 1] * weights[((p + 1) * columns) + n] : 0);
                    sum += saturate ? Math.Clamp(pair, short.MinValue, short.MaxValue) : pair;
                }

                result[(m * columns) + n] = sum;
            }
        }

        return result;
    }

    private static void Check(ReadOnlySpan<byte> activations, ReadOnlySpan<sbyte> weights, int rows, int inner, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(activations.Length, rows * inner);
        ArgumentOutOfRangeException.ThrowIfNotEqual(weights.Length, inner * columns);
    }
}
