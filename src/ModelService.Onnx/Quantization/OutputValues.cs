namespace ModelService.Onnx.Quantization;

/// <summary>One output's values from several calibration runs, concatenated, with each run's shape.</summary>
internal sealed class OutputValues
{
    public List<float> Values { get; } = [];

    public List<long[]> Shapes { get; } = [];

    /// <summary>Classes per row when every run gave a [batch, classes] output with more than one class; else null.</summary>
    public int? ClassCount =>
        Shapes.Count > 0 && Shapes.All(shape => shape is [_, > 1]) && Shapes.Select(shape => shape[1]).Distinct().Count() == 1
            ? (int)Shapes[0][1]
            : null;

    public void Add(float[] values, long[] shape)
    {
        Values.AddRange(values);
        Shapes.Add(shape);
    }
}
