namespace ModelService.Learning;

/// <summary>Adam's first and second moment estimates for one parameter tensor, with PyTorch's default betas and epsilon.</summary>
public sealed class AdamMoments
{
    private const float Beta1 = 0.9f, Beta2 = 0.999f, Epsilon = 1e-8f;

    private readonly float[] _m, _v;

    public AdamMoments(int length)
    {
        _m = new float[length];
        _v = new float[length];
    }

    /// <summary>Moves <paramref name="values"/> against <paramref name="gradient"/>; <paramref name="step"/> counts from 1.</summary>
    public void Step(float[] values, float[] gradient, float learningRate, int step)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(gradient);
        var (correction1, correction2) = (1 - MathF.Pow(Beta1, step), 1 - MathF.Pow(Beta2, step));
        for (var i = 0; i < values.Length; i++)
        {
            _m[i] = (Beta1 * _m[i]) + ((1 - Beta1) * gradient[i]);
            _v[i] = (Beta2 * _v[i]) + ((1 - Beta2) * gradient[i] * gradient[i]);
            values[i] -= learningRate * (_m[i] / correction1) / (MathF.Sqrt(_v[i] / correction2) + Epsilon);
        }
    }
}
