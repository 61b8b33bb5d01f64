namespace ModelService.Onnx.Quantization.Calibration;

/// <summary>
/// One named input tensor of a calibration batch: flat row-major <paramref name="Data"/> (float[], double[],
/// long[], int[] or bool[]) and its shape.
/// </summary>
public sealed record CalibrationTensor(string Name, Array Data, long[] Shape)
{
    /// <summary>Rows along the first axis; a scalar counts as one.</summary>
    public long Rows => Shape.Length == 0 ? 1 : Shape[0];
}
