namespace ModelService.Learning;

/// <summary>Squared error of a single output against the target; its mean is PyTorch's mse_loss.</summary>
public sealed class SquaredError : LossFunction
{
    protected override double Row(ReadOnlySpan<float> output, float target, Span<float> gradient, int rows)
    {
        var error = output[0] - target;
        gradient[0] = 2 * error / rows;
        return error * (double)error;
    }
}
