namespace ModelService.Onnx.Quantization;

/// <summary>
/// How closely a quantized model's outputs follow the float model's on the same inputs. Pure arithmetic on
/// output arrays: running both models is the caller's job, so this library stays free of ONNX Runtime.
/// </summary>
/// <param name="MaxAbsoluteError">Largest |reference − candidate| over all elements.</param>
/// <param name="MeanAbsoluteError">Mean |reference − candidate|.</param>
/// <param name="CosineSimilarity">Cosine of the angle between the two outputs as flat vectors.</param>
/// <param name="Top1Agreement">Share of rows whose largest element sits at the same index (1 when not classifying).</param>
/// <param name="Rows">Rows compared for <paramref name="Top1Agreement"/>.</param>
public sealed record QuantizationQuality(double MaxAbsoluteError, double MeanAbsoluteError, double CosineSimilarity, double Top1Agreement, int Rows)
{
    /// <summary>Compares one output tensor; <paramref name="rowWidth"/> is its last dimension (classes per row).</summary>
    public static QuantizationQuality Measure(ReadOnlySpan<float> reference, ReadOnlySpan<float> candidate, int rowWidth)
    {
        if (reference.Length != candidate.Length)
        {
            throw new ArgumentException($"The outputs differ in size: {reference.Length} against {candidate.Length}.", nameof(candidate));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowWidth);
        if (reference.Length % rowWidth != 0)
        {
            throw new ArgumentException($"{reference.Length} values do not split into rows of {rowWidth}.", nameof(rowWidth));
        }

        double maxError = 0, totalError = 0, dot = 0, referenceNorm = 0, candidateNorm = 0;
        for (var i = 0; i < reference.Length; i++)
        {
            double r = reference[i], c = candidate[i];
            var error = Math.Abs(r - c);

            // NaN must not hide behind Math.Max: a NaN output is as far off as it gets.
            maxError = double.IsNaN(error) ? double.PositiveInfinity : Math.Max(maxError, error);
            totalError += error;
            dot += r * c;
            referenceNorm += r * r;
            candidateNorm += c * c;
        }

        var rows = reference.Length / rowWidth;
        var agreeing = 0;
        for (var row = 0; row < rows; row++)
        {
            var start = row * rowWidth;
            if (ArgMax(reference.Slice(start, rowWidth)) == ArgMax(candidate.Slice(start, rowWidth)))
            {
                agreeing++;
            }
        }

        return new QuantizationQuality(
            maxError,
            reference.Length == 0 ? 0 : totalError / reference.Length,
            Cosine(dot, referenceNorm, candidateNorm),
            rows == 0 ? 1 : agreeing / (double)rows,
            rows);
    }

    /// <summary>Compares an output that is not a classifier's: errors and cosine only; top-1 agreement counts as 1 over 0 rows.</summary>
    public static QuantizationQuality MeasureValues(ReadOnlySpan<float> reference, ReadOnlySpan<float> candidate) =>
        reference.Length == 0 && candidate.Length == 0
            ? new QuantizationQuality(0, 0, 1, 1, 0)
            : Measure(reference, candidate, Math.Max(reference.Length, 1)) with { Top1Agreement = 1, Rows = 0 };

    /// <summary>Combines several outputs' measurements by keeping the worst of each figure.</summary>
    public static QuantizationQuality Worst(IEnumerable<QuantizationQuality> measurements)
    {
        ArgumentNullException.ThrowIfNull(measurements);
        var list = measurements.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException("Nothing to combine.", nameof(measurements));
        }

        return new QuantizationQuality(
            list.Max(q => q.MaxAbsoluteError),
            list.Max(q => q.MeanAbsoluteError),
            list.Min(q => q.CosineSimilarity),
            list.Min(q => q.Top1Agreement),
            list.Sum(q => q.Rows));
    }

    private static double Cosine(double dot, double referenceNorm, double candidateNorm)
    {
        if (referenceNorm == 0 && candidateNorm == 0)
        {
            return 1;
        }

        var cosine = dot / (Math.Sqrt(referenceNorm) * Math.Sqrt(candidateNorm));
        return double.IsNaN(cosine) ? 0 : cosine;
    }

    /// <summary>Index of the largest value, −1 when a NaN makes the row meaningless (so it never agrees).</summary>
    private static int ArgMax(ReadOnlySpan<float> row)
    {
        var best = 0;
        for (var i = 0; i < row.Length; i++)
        {
            if (float.IsNaN(row[i]))
            {
                return -1;
            }

            if (row[i] > row[best])
            {
                best = i;
            }
        }

        return best;
    }
}
