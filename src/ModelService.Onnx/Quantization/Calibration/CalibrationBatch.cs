namespace ModelService.Onnx.Quantization.Calibration;

/// <summary>One run's worth of inputs: every input the model needs, fed to the float and quantized model alike.</summary>
public sealed record CalibrationBatch(IReadOnlyList<CalibrationTensor> Inputs)
{
    /// <summary>Samples in the batch: the largest first dimension among inputs (scalars such as thresholds count as 1).</summary>
    public long Rows => Inputs.Count == 0 ? 0 : Inputs.Max(input => input.Rows);
}
