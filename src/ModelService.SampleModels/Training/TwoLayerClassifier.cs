namespace ModelService.SampleModels.Training;

/// <summary>
/// A small classifier trained here, in C#: standardised inputs → dense ReLU layer → dense logits, softmax
/// cross-entropy, full-batch Adam. Enough to give the sample models real, reproducible weights.
/// </summary>
public sealed class TwoLayerClassifier
{
    private readonly AdamParameters _w1, _b1, _w2, _b2;

    public TwoLayerClassifier(int inputs, int hidden, int classes, int seed)
    {
        var random = new Random(seed);
        (Inputs, Hidden, Classes) = (inputs, hidden, classes);
        _w1 = new AdamParameters(Initial(inputs * hidden, inputs, random));
        _b1 = new AdamParameters(new float[hidden]);
        _w2 = new AdamParameters(Initial(hidden * classes, hidden, random));
        _b2 = new AdamParameters(new float[classes]);
    }

    public int Inputs { get; }

    public int Hidden { get; }

    public int Classes { get; }

    public float[] Mean { get; private set; } = [];

    public float[] Std { get; private set; } = [];

    public float[] W1 => _w1.Values;

    public float[] B1 => _b1.Values;

    public float[] W2 => _w2.Values;

    public float[] B2 => _b2.Values;

    public void Train(LabeledSet data, int epochs, float learningRate)
    {
        ArgumentNullException.ThrowIfNull(data);
        (Mean, Std) = Moments(data);
        var x = data.Features.Select(Standardize).ToArray();
        for (var epoch = 1; epoch <= epochs; epoch++)
        {
            var gradients = Gradients(x, data.Labels);
            _w1.Step(gradients.W1, learningRate, epoch);
            _b1.Step(gradients.B1, learningRate, epoch);
            _w2.Step(gradients.W2, learningRate, epoch);
            _b2.Step(gradients.B2, learningRate, epoch);
        }
    }

    public int Predict(float[] features)
    {
        var logits = Forward(Standardize(features), out _);
        return Array.IndexOf(logits, logits.Max());
    }

    public double Accuracy(LabeledSet data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.Features.Select((row, i) => Predict(row) == data.Labels[i] ? 1.0 : 0.0).Average();
    }

    private float[] Standardize(float[] row) => [.. row.Select((v, i) => (v - Mean[i]) / Std[i])];

    private float[] Forward(float[] x, out float[] hidden)
    {
        hidden = new float[Hidden];
        for (var h = 0; h < Hidden; h++)
        {
            var sum = _b1.Values[h];
            for (var i = 0; i < Inputs; i++)
            {
                sum += x[i] * _w1.Values[(i * Hidden) + h];
            }

            hidden[h] = MathF.Max(0f, sum);
        }

        var logits = new float[Classes];
        for (var c = 0; c < Classes; c++)
        {
            var sum = _b2.Values[c];
            for (var h = 0; h < Hidden; h++)
            {
                sum += hidden[h] * _w2.Values[(h * Classes) + c];
            }

            logits[c] = sum;
        }

        return logits;
    }

    private (float[] W1, float[] B1, float[] W2, float[] B2) Gradients(float[][] x, int[] labels)
    {
        var (gw1, gb1, gw2, gb2) = (new float[_w1.Values.Length], new float[Hidden], new float[_w2.Values.Length], new float[Classes]);
        var scale = 1f / x.Length;
        for (var n = 0; n < x.Length; n++)
        {
            var probabilities = Softmax(Forward(x[n], out var hidden));
            probabilities[labels[n]] -= 1f;
            for (var c = 0; c < Classes; c++)
            {
                gb2[c] += probabilities[c] * scale;
                for (var h = 0; h < Hidden; h++)
                {
                    gw2[(h * Classes) + c] += hidden[h] * probabilities[c] * scale;
                }
            }

            for (var h = 0; h < Hidden; h++)
            {
                if (hidden[h] <= 0f)
                {
                    continue;
                }

                var upstream = 0f;
                for (var c = 0; c < Classes; c++)
                {
                    upstream += probabilities[c] * _w2.Values[(h * Classes) + c];
                }

                gb1[h] += upstream * scale;
                for (var i = 0; i < Inputs; i++)
                {
                    gw1[(i * Hidden) + h] += x[n][i] * upstream * scale;
                }
            }
        }

        return (gw1, gb1, gw2, gb2);
    }

    private static float[] Softmax(float[] logits)
    {
        var max = logits.Max();
        var exps = logits.Select(l => MathF.Exp(l - max)).ToArray();
        var total = exps.Sum();
        return [.. exps.Select(e => e / total)];
    }

    private static (float[] Mean, float[] Std) Moments(LabeledSet data)
    {
        var mean = Enumerable.Range(0, data.Width).Select(i => data.Features.Average(r => r[i])).ToArray();
        var std = Enumerable.Range(0, data.Width)
            .Select(i => MathF.Sqrt(data.Features.Average(r => (r[i] - mean[i]) * (r[i] - mean[i]))))
            .ToArray();
        return (mean, std);
    }

    private static float[] Initial(int count, int fanIn, Random random)
    {
        var scale = MathF.Sqrt(2f / fanIn);
        return [.. Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() * 2) - 1) * scale)];
    }
}
