namespace ModelService.Onnx.Building;

/// <summary>
/// y = activation(x·W + b) with W stored row-major as [inputs, outputs], the layout ONNX Gemm takes unchanged.
/// </summary>
public sealed record DenseLayer(int Inputs, int Outputs, float[] Weights, float[] Bias, Activation Activation)
{
    public static DenseLayer Random(int inputs, int outputs, Activation activation, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var scale = MathF.Sqrt(2f / inputs);
        var weights = new float[inputs * outputs];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = (float)((random.NextDouble() * 2) - 1) * scale;
        }

        return new DenseLayer(inputs, outputs, weights, new float[outputs], activation);
    }
}
