namespace ModelService.SampleModels.Training;

/// <summary>One parameter tensor with its Adam moment estimates.</summary>
internal sealed class AdamParameters
{
    private const float Beta1 = 0.9f;
    private const float Beta2 = 0.999f;
    private const float Epsilon = 1e-8f;
    private readonly float[] _m;
    private readonly float[] _v;

    public AdamParameters(float[] initial)
    {
        Values = initial;
        _m = new float[initial.Length];
        _v = new float[initial.Length];
    }

    public float[] Values { get; }

    public void Step(float[] gradient, float learningRate, int step)
    {
        var correction1 = 1f - MathF.Pow(Beta1, step);
        var correction2 = 1f - MathF.Pow(Beta2, step);
        for (var i = 0; i < Values.Length; i++)
        {
            _m[i] = (Beta1 * _m[i]) + ((1f - Beta1) * gradient[i]);
            _v[i] = (Beta2 * _v[i]) + ((1f - Beta2) * gradient[i] * gradient[i]);
            Values[i] -= learningRate * (_m[i] / correction1) / (MathF.Sqrt(_v[i] / correction2) + Epsilon);
        }
    }
}
