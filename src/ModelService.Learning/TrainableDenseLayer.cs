namespace ModelService.Learning;

/// <summary>
/// One dense layer with its gradients and Adam state. Weights are [inputs, outputs] row-major, the layout ONNX
/// Gemm and <c>ModelService.Onnx.Building.DenseLayer</c> use, so export is a copy.
/// </summary>
public sealed class TrainableDenseLayer
{
    private readonly AdamMoments _weightMoments, _biasMoments;

    public TrainableDenseLayer(int inputs, int outputs, Random random, LayerInitialization initialization = LayerInitialization.PyTorchLinear)
    {
        ArgumentNullException.ThrowIfNull(random);
        (Inputs, Outputs) = (inputs, outputs);
        (Weights, Bias) = initialization switch
        {
            LayerInitialization.PyTorchLinear => PyTorchLinear(inputs, outputs, random),
            LayerInitialization.HeUniform => HeUniform(inputs, outputs, random),
            _ => throw new ArgumentOutOfRangeException(nameof(initialization), initialization, "Unknown layer initialization."),
        };
        (WeightGradient, BiasGradient) = (new float[Weights.Length], new float[outputs]);
        (_weightMoments, _biasMoments) = (new AdamMoments(Weights.Length), new AdamMoments(outputs));
    }

    public int Inputs { get; }

    public int Outputs { get; }

    public float[] Weights { get; }

    public float[] Bias { get; }

    public float[] WeightGradient { get; }

    public float[] BiasGradient { get; }

    /// <summary>output[r, o] = bias[o] + Σ input[r, i]·W[i, o].</summary>
    public float[] Forward(float[] input, int rows)
    {
        ArgumentNullException.ThrowIfNull(input);
        var output = new float[rows * Outputs];
        for (var r = 0; r < rows; r++)
        {
            var row = output.AsSpan(r * Outputs, Outputs);
            Bias.CopyTo(row);
            for (var i = 0; i < Inputs; i++)
            {
                var x = input[(r * Inputs) + i];
                var weights = Weights.AsSpan(i * Outputs, Outputs);
                for (var o = 0; o < Outputs; o++)
                {
                    row[o] += x * weights[o];
                }
            }
        }

        return output;
    }

    /// <summary>Sets dL/dW and dL/db from dL/doutput and returns dL/dinput.</summary>
    public float[] Backward(float[] input, float[] outputGradient, int rows)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(outputGradient);
        Array.Clear(WeightGradient);
        Array.Clear(BiasGradient);
        var inputGradient = new float[rows * Inputs];
        for (var r = 0; r < rows; r++)
        {
            var gradient = outputGradient.AsSpan(r * Outputs, Outputs);
            for (var o = 0; o < Outputs; o++)
            {
                BiasGradient[o] += gradient[o];
            }

            for (var i = 0; i < Inputs; i++)
            {
                var (x, sum) = (input[(r * Inputs) + i], 0f);
                var weights = Weights.AsSpan(i * Outputs, Outputs);
                var weightGradient = WeightGradient.AsSpan(i * Outputs, Outputs);
                for (var o = 0; o < Outputs; o++)
                {
                    weightGradient[o] += x * gradient[o];
                    sum += weights[o] * gradient[o];
                }

                inputGradient[(r * Inputs) + i] = sum;
            }
        }

        return inputGradient;
    }

    private static (float[] Weights, float[] Bias) PyTorchLinear(int inputs, int outputs, Random random)
    {
        var bound = 1f / MathF.Sqrt(inputs);
        var weights = Enumerable.Range(0, inputs * outputs).Select(_ => ((float)random.NextDouble() * 2 - 1) * bound).ToArray();
        return (weights, [.. Enumerable.Range(0, outputs).Select(_ => ((float)random.NextDouble() * 2 - 1) * bound)]);
    }

    private static (float[] Weights, float[] Bias) HeUniform(int inputs, int outputs, Random random)
    {
        var scale = MathF.Sqrt(2f / inputs);
        return ([.. Enumerable.Range(0, inputs * outputs).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale)], new float[outputs]);
    }

    /// <summary>One Adam update from the gradients of the last <see cref="Backward"/>.</summary>
    public void Step(float learningRate, int step)
    {
        _weightMoments.Step(Weights, WeightGradient, learningRate, step);
        _biasMoments.Step(Bias, BiasGradient, learningRate, step);
    }
}
