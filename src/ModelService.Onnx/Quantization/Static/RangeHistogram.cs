namespace ModelService.Onnx.Quantization.Static;

/// <summary>
/// Counts of one activation's values in equal bins over its [min, max], from which the percentile range is read.
/// Filled in a second pass over the calibration data, once the min and max of the first are known.
/// </summary>
internal sealed class RangeHistogram(float min, float max)
{
    private const int Bins = 2048;
    private readonly long[] _counts = new long[Bins];
    private long _total;

    public void Add(ReadOnlySpan<float> values)
    {
        var width = max - min;
        foreach (var value in values)
        {
            if (float.IsNaN(value))
            {
                continue;
            }

            var bin = width > 0 ? (int)((value - min) / width * Bins) : 0;
            _counts[Math.Clamp(bin, 0, Bins - 1)]++;
            _total++;
        }
    }

    /// <summary>The range that drops (100 − percentile) / 2 % of the values at each end.</summary>
    public ActivationRange Range(double percentile)
    {
        if (_total == 0 || max <= min)
        {
            return new ActivationRange(min, max);
        }

        var tail = (long)Math.Floor(_total * (100 - percentile) / 200);
        var width = (max - min) / Bins;
        return new ActivationRange(min + (width * Edge(tail, fromLow: true)), max - (width * Edge(tail, fromLow: false)));
    }

    /// <summary>How many whole bins, counted from one end, hold no more than <paramref name="tail"/> values.</summary>
    private int Edge(long tail, bool fromLow)
    {
        long seen = 0;
        for (var i = 0; i < Bins; i++)
        {
            seen += _counts[fromLow ? i : Bins - 1 - i];
            if (seen > tail)
            {
                return i;
            }
        }

        return 0;
    }
}
