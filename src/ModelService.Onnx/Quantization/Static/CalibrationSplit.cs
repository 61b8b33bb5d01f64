using ModelService.Onnx.Quantization.Calibration;

namespace ModelService.Onnx.Quantization.Static;

/// <summary>
/// Splits calibration samples into those the activation ranges are measured on and those the quality gate judges
/// the result on, so the gate's figures describe inputs the model was not fitted to. Every
/// <c>every</c>-th sample is held out (with fewer than <c>every</c> samples, the last one); inputs whose first
/// dimension is not the batch's rows (scalars, thresholds) go to both sides whole.
/// </summary>
internal static class CalibrationSplit
{
    public static (CalibrationSet Calibrate, CalibrationSet HeldOut) Split(CalibrationSet set, int every)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(every, 2);
        var total = set.Samples;
        if (total < 2)
        {
            throw new QuantizationException($"Static quantization needs at least 2 calibration samples (the calibration has {total}): the ranges are measured on some and the result is judged on others.");
        }

        bool HeldOut(long sample) => total >= every ? sample % every == every - 1 : sample == total - 1;

        var calibrate = new List<CalibrationBatch>();
        var heldOut = new List<CalibrationBatch>();
        long first = 0;
        foreach (var batch in set.Batches)
        {
            var rows = Enumerable.Range(0, (int)batch.Rows).ToList();
            var kept = rows.Where(r => !HeldOut(first + r)).ToList();
            var judged = rows.Where(r => HeldOut(first + r)).ToList();
            Add(calibrate, batch, kept);
            Add(heldOut, batch, judged);
            first += batch.Rows;
        }

        var heldOutSamples = heldOut.Sum(b => b.Rows);
        return (new CalibrationSet(calibrate, set.Source), new CalibrationSet(heldOut, $"{set.Source} (held out: {heldOutSamples} of {total} samples)"));
    }

    private static void Add(List<CalibrationBatch> batches, CalibrationBatch batch, List<int> rows)
    {
        if (rows.Count == 0)
        {
            return;
        }

        batches.Add(rows.Count == batch.Rows ? batch : new CalibrationBatch([.. batch.Inputs.Select(input => Rows(input, batch.Rows, rows))]));
    }

    private static CalibrationTensor Rows(CalibrationTensor tensor, long batchRows, List<int> rows)
    {
        if (tensor.Shape.Length == 0 || tensor.Shape[0] != batchRows)
        {
            return tensor;
        }

        var width = batchRows == 0 ? 0 : tensor.Data.Length / (int)batchRows;
        var data = Array.CreateInstance(tensor.Data.GetType().GetElementType()!, rows.Count * width);
        for (var i = 0; i < rows.Count; i++)
        {
            Array.Copy(tensor.Data, rows[i] * width, data, i * width, width);
        }

        return new CalibrationTensor(tensor.Name, data, [rows.Count, .. tensor.Shape[1..]]);
    }
}
