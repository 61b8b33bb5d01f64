namespace ModelService.Onnx.Quantization.Static;

/// <summary>How an activation's range is read from its calibration values.</summary>
public enum CalibrationMethod
{
    /// <summary>The smallest and largest value seen: nothing clips, but one outlier widens every step.</summary>
    MinMax,

    /// <summary>The range holding <see cref="QuantizationMethodOptions.Percentile"/> % of the values: rare outliers clip, the rest get finer steps.</summary>
    Percentile,
}
