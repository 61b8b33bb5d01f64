namespace ModelService.Onnx.Quantization.Calibration;

/// <summary>The inputs a quantized model is checked on, and where they came from ("generated" or a file name) for reports.</summary>
public sealed record CalibrationSet(IReadOnlyList<CalibrationBatch> Batches, string Source)
{
    public long Samples => Batches.Sum(batch => batch.Rows);
}
