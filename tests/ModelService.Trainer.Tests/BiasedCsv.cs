using System.Globalization;
using System.Text;

namespace ModelService.Trainer.Tests;

/// <summary>
/// A loan-approval table biased by construction: group "a" has higher incomes than group "b", and approval
/// follows income alone, so a model that never sees the group still approves group "a" far more often.
/// </summary>
public static class BiasedCsv
{
    public static string Loans(int rows, int seed, bool numericGroups = false)
    {
        var random = new Random(seed);
        var text = new StringBuilder("income,debt,group,approved\n");
        for (var r = 0; r < rows; r++)
        {
            var inA = r % 2 == 0;
            var income = (inA ? 1.2 : -1.2) + Gaussian(random);
            var debt = Gaussian(random);
            var approved = income - (0.3 * debt) > 0 ? "yes" : "no";
            var group = numericGroups ? (inA ? "1" : "0") : (inA ? "a" : "b");
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{income:R},{debt:R},{group},{approved}"));
        }

        return text.ToString();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
