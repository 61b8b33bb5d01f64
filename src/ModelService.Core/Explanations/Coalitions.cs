namespace ModelService.Core.Explanations;

/// <summary>
/// The feature coalitions KernelSHAP evaluates, each with its weight: every proper non-empty subset with the
/// Shapley kernel's weight when they fit the budget (exact Shapley values), else pairs (a subset and its
/// complement) drawn from the kernel's size distribution with a fixed seed, each weighted 1.
/// </summary>
internal sealed record Coalitions(IReadOnlyList<bool[]> Masks, IReadOnlyList<double> Weights)
{
    private const int Seed = 17;

    /// <summary>Proper non-empty subsets of <paramref name="features"/> features; int.MaxValue when past counting.</summary>
    public static long AllCount(int features) => features >= 31 ? int.MaxValue : (1L << features) - 2;

    public static Coalitions Choose(int features, long budget) =>
        AllCount(features) <= budget ? All(features) : Sampled(features, (int)(budget / 2));

    private static Coalitions All(int features)
    {
        var masks = new List<bool[]>();
        var weights = new List<double>();
        for (var bits = 1L; bits <= AllCount(features); bits++)
        {
            var mask = new bool[features];
            var size = 0;
            for (var i = 0; i < features; i++)
            {
                mask[i] = (bits & (1L << i)) != 0;
                size += mask[i] ? 1 : 0;
            }

            masks.Add(mask);
            weights.Add((features - 1) / (Binomial(features, size) * size * (features - size)));
        }

        return new Coalitions(masks, weights);
    }

    private static Coalitions Sampled(int features, int pairs)
    {
        var random = new Random(Seed);
        var sizeWeights = Enumerable.Range(1, features - 1).Select(s => 1.0 / (s * (features - s))).ToArray();
        var total = sizeWeights.Sum();
        var masks = new List<bool[]>(pairs * 2);
        for (var pair = 0; pair < pairs; pair++)
        {
            var size = DrawSize(random, sizeWeights, total);
            var mask = new bool[features];
            foreach (var i in Enumerable.Range(0, features).OrderBy(_ => random.Next()).Take(size))
            {
                mask[i] = true;
            }

            masks.Add(mask);
            masks.Add([.. mask.Select(m => !m)]);
        }

        return new Coalitions(masks, [.. Enumerable.Repeat(1.0, masks.Count)]);
    }

    private static int DrawSize(Random random, double[] sizeWeights, double total)
    {
        var draw = random.NextDouble() * total;
        for (var s = 0; s < sizeWeights.Length; s++)
        {
            draw -= sizeWeights[s];
            if (draw <= 0)
            {
                return s + 1;
            }
        }

        return sizeWeights.Length;
    }

    private static double Binomial(int n, int k)
    {
        var result = 1.0;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
