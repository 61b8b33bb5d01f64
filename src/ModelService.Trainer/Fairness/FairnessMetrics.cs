using ModelService.Core.Registry;
using ModelService.Trainer.Data;

namespace ModelService.Trainer.Fairness;

/// <summary>
/// Per-group metrics and the gaps between groups (SageMaker Clarify's and Fairlearn's definitions, each class
/// one-vs-rest so that they hold for more than two classes): demographic-parity difference = the largest gap in
/// P(ŷ = c | group); equalised-odds difference = the largest gap in P(ŷ = c | y = c, group) or
/// P(ŷ = c | y ≠ c, group); for regressors, the largest gap in mean absolute error.
/// </summary>
public static class FairnessMetrics
{
    public static FairnessReport Measure(TabularDataset validation, double[] predictions, double? maxParityGap)
    {
        ArgumentNullException.ThrowIfNull(validation);
        ArgumentNullException.ThrowIfNull(predictions);
        var columns = validation.Sensitive.Select(c => validation.IsClassifier
            ? Classification(c, validation.Targets, predictions, validation.Classes)
            : Regression(c, validation.Targets, predictions)).ToList();
        return new FairnessReport { Columns = columns, MaxParityGap = maxParityGap };
    }

    private static FairnessColumnReport Classification(SensitiveColumn column, float[] targets, double[] predictions, IReadOnlyList<string> classes)
    {
        var groups = RowsByGroup(column);
        var metrics = new List<FairnessGroupMetrics>();
        var (parity, odds) = (0.0, 0.0);
        var selection = new double[groups.Count, classes.Count];
        var truePositive = new double?[groups.Count, classes.Count];
        var falsePositive = new double?[groups.Count, classes.Count];
        for (var g = 0; g < groups.Count; g++)
        {
            var rows = groups[g].Rows;
            var recalls = new List<double>();
            for (var c = 0; c < classes.Count; c++)
            {
                var positives = rows.Where(r => (int)targets[r] == c).ToList();
                var negatives = rows.Where(r => (int)targets[r] != c).ToList();
                selection[g, c] = rows.Count(r => (int)predictions[r] == c) / (double)rows.Count;
                truePositive[g, c] = positives.Count == 0 ? null : positives.Count(r => (int)predictions[r] == c) / (double)positives.Count;
                falsePositive[g, c] = negatives.Count == 0 ? null : negatives.Count(r => (int)predictions[r] == c) / (double)negatives.Count;
                if (truePositive[g, c] is { } recall)
                {
                    recalls.Add(recall);
                }
            }

            metrics.Add(new FairnessGroupMetrics
            {
                Group = groups[g].Name,
                Rows = rows.Count,
                Accuracy = Round(rows.Count(r => (int)predictions[r] == (int)targets[r]) / (double)rows.Count),
                Recall = recalls.Count == 0 ? null : Round(recalls.Average()),
                SelectionRates = Enumerable.Range(0, classes.Count).ToDictionary(c => classes[c], c => Round(selection[g, c]), StringComparer.Ordinal),
            });
        }

        for (var c = 0; c < classes.Count; c++)
        {
            parity = Math.Max(parity, Gap(Enumerable.Range(0, groups.Count).Select(g => (double?)selection[g, c])));
            odds = Math.Max(odds, Gap(Enumerable.Range(0, groups.Count).Select(g => truePositive[g, c])));
            odds = Math.Max(odds, Gap(Enumerable.Range(0, groups.Count).Select(g => falsePositive[g, c])));
        }

        return new FairnessColumnReport { Column = column.Name, Groups = metrics, DemographicParityDifference = Round(parity), EqualizedOddsDifference = Round(odds) };
    }

    private static FairnessColumnReport Regression(SensitiveColumn column, float[] targets, double[] predictions)
    {
        var metrics = RowsByGroup(column).Select(group => new FairnessGroupMetrics
        {
            Group = group.Name,
            Rows = group.Rows.Count,
            MeanAbsoluteError = Round(group.Rows.Average(r => Math.Abs(predictions[r] - targets[r]))),
            RootMeanSquaredError = Round(Math.Sqrt(group.Rows.Average(r => Math.Pow(predictions[r] - targets[r], 2)))),
        }).ToList();
        return new FairnessColumnReport { Column = column.Name, Groups = metrics, MeanAbsoluteErrorGap = Round(Gap(metrics.Select(m => m.MeanAbsoluteError))) };
    }

    private static List<(string Name, List<int> Rows)> RowsByGroup(SensitiveColumn column) =>
        [.. column.Groups.Select((group, row) => (group, row))
            .GroupBy(p => p.group, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(p => p.row).ToList()))];

    private static double Gap(IEnumerable<double?> rates)
    {
        var known = rates.OfType<double>().ToList();
        return known.Count < 2 ? 0 : known.Max() - known.Min();
    }

    private static double Round(double value) => Math.Round(value, 6);
}
