namespace ModelService.Learning;

/// <summary>Cross-entropy of the softmax of the logits against a class index (the target, as a float), as PyTorch's cross_entropy.</summary>
public sealed class SoftmaxCrossEntropy : LossFunction
{
    protected override double Row(ReadOnlySpan<float> output, float target, Span<float> gradient, int rows)
    {
        var (label, max) = ((int)target, Scores.Max(output));
        var sum = 0.0;
        for (var k = 0; k < output.Length; k++)
        {
            sum += Math.Exp(output[k] - max);
        }

        for (var k = 0; k < output.Length; k++)
        {
            gradient[k] = (float)((Math.Exp(output[k] - max) / sum) - (k == label ? 1 : 0)) / rows;
        }

        return Math.Log(sum) + max - output[label];
    }
}
