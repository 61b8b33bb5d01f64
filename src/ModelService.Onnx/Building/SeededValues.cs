namespace ModelService.Onnx.Building;

/// <summary>Random initial weights from a caller-seeded <see cref="Random"/>, so a seed always gives the same model.</summary>
internal static class SeededValues
{
    /// <summary>Glorot-uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)), which keeps activations in range layer to layer.</summary>
    public static float[] GlorotUniform(Random random, int count, int fanIn, int fanOut) =>
        Uniform(random, count, MathF.Sqrt(6f / (fanIn + fanOut)));

    public static float[] Uniform(Random random, int count, float limit)
    {
        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ((random.NextSingle() * 2f) - 1f) * limit;
        }

        return values;
    }

    public static float[] Around(Random random, int count, float center, float spread) =>
        Uniform(random, count, spread).Select(value => center + value).ToArray();
}
