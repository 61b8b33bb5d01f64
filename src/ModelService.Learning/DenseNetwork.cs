namespace ModelService.Learning;

/// <summary>
/// Dense layers with ReLU between them and a linear last layer, trained by mini-batch Adam on one loss.
/// Features and outputs are row-major float arrays, one row per sample.
/// </summary>
public sealed class DenseNetwork
{
    private readonly List<TrainableDenseLayer> _layers = [];
    private readonly LossFunction _loss;
    private int _step;

    /// <summary>
    /// Layers <paramref name="inputs"/> → each of <paramref name="hidden"/> → <paramref name="outputs"/>, their first
    /// weights drawn in that order from <paramref name="random"/>.
    /// </summary>
    public DenseNetwork(int inputs, IEnumerable<int> hidden, int outputs, LossFunction loss, Random random, LayerInitialization initialization = LayerInitialization.PyTorchLinear)
    {
        ArgumentNullException.ThrowIfNull(hidden);
        ArgumentNullException.ThrowIfNull(loss);
        _loss = loss;
        var width = inputs;
        foreach (var size in hidden.Append(outputs))
        {
            _layers.Add(new TrainableDenseLayer(width, size, random, initialization));
            width = size;
        }
    }

    public IReadOnlyList<TrainableDenseLayer> Layers => _layers;

    public int Inputs => _layers[0].Inputs;

    public int Outputs => _layers[^1].Outputs;

    /// <summary>
    /// One pass over the rows in an order shuffled by <paramref name="shuffle"/>, an Adam step per batch of
    /// <paramref name="batchSize"/> rows (all rows: full-batch); returns the mean training loss.
    /// </summary>
    public double TrainEpoch(float[] features, float[] targets, int batchSize, Random shuffle, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(shuffle);
        var order = Enumerable.Range(0, targets.Length).ToArray();
        shuffle.Shuffle(order);
        var total = 0.0;
        for (var start = 0; start < order.Length; start += batchSize)
        {
            var batch = order[start..Math.Min(start + batchSize, order.Length)];
            total += TrainBatch(Rows(features, batch), batch.Select(i => targets[i]).ToArray(), learningRate) * batch.Length;
        }

        return total / order.Length;
    }

    /// <summary>The network's output for <paramref name="rows"/> rows, and its mean loss against <paramref name="targets"/>.</summary>
    public (double Loss, float[] Output) Evaluate(float[] features, float[] targets, int rows)
    {
        var output = Forward(features, rows);
        return (_loss.Mean(output, targets, rows).Loss, output);
    }

    /// <summary>The network's output for <paramref name="rows"/> rows of <paramref name="features"/>.</summary>
    public float[] Forward(float[] features, int rows) => Forward(features, rows, out _);

    private double TrainBatch(float[] x, float[] targets, float learningRate)
    {
        var output = Forward(x, targets.Length, out var inputs);
        var (loss, gradient) = _loss.Mean(output, targets, targets.Length);
        Backward(inputs, gradient, targets.Length);
        _step++;
        foreach (var layer in _layers)
        {
            layer.Step(learningRate, _step);
        }

        return loss;
    }

    /// <summary>The output; <paramref name="inputs"/> keeps each layer's input for the backward pass.</summary>
    private float[] Forward(float[] x, int rows, out List<float[]> inputs)
    {
        ArgumentNullException.ThrowIfNull(x);
        inputs = [];
        var current = x;
        for (var i = 0; i < _layers.Count; i++)
        {
            inputs.Add(current);
            current = _layers[i].Forward(current, rows);
            if (i < _layers.Count - 1)
            {
                for (var j = 0; j < current.Length; j++)
                {
                    current[j] = MathF.Max(0f, current[j]);
                }
            }
        }

        return current;
    }

    private void Backward(List<float[]> inputs, float[] gradient, int rows)
    {
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            var inputGradient = _layers[i].Backward(inputs[i], gradient, rows);
            if (i > 0)
            {
                // inputs[i] is the previous layer's ReLU output: its derivative is 1 where it is positive.
                for (var j = 0; j < inputGradient.Length; j++)
                {
                    inputGradient[j] = inputs[i][j] > 0f ? inputGradient[j] : 0f;
                }
            }

            gradient = inputGradient;
        }
    }

    private float[] Rows(float[] features, int[] batch)
    {
        var x = new float[batch.Length * Inputs];
        for (var r = 0; r < batch.Length; r++)
        {
            Array.Copy(features, batch[r] * Inputs, x, r * Inputs, Inputs);
        }

        return x;
    }
}
