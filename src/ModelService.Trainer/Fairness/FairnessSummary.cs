using System.Globalization;
using ModelService.Core.Registry;

namespace ModelService.Trainer.Fairness;

/// <summary>The figures of a fairness report as one line, for the job's events and a refused job's reason.</summary>
public static class FairnessSummary
{
    public static string Describe(FairnessReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return string.Join("; ", report.Columns.Select(Describe));
    }

    /// <summary>The largest demographic-parity difference over the sensitive columns; 0 when not a classifier.</summary>
    public static double LargestParityGap(FairnessReport report) =>
        report?.Columns.Select(c => c.DemographicParityDifference ?? 0).DefaultIfEmpty(0).Max() ?? 0;

    private static string Describe(FairnessColumnReport column)
    {
        var groups = string.Join(", ", column.Groups.Select(g => g.Accuracy is { } accuracy
            ? string.Create(CultureInfo.InvariantCulture, $"{g.Group} ({g.Rows} rows): accuracy {accuracy:F3}, recall {g.Recall:F3}")
            : string.Create(CultureInfo.InvariantCulture, $"{g.Group} ({g.Rows} rows): MAE {g.MeanAbsoluteError:G4}")));
        var gaps = column.DemographicParityDifference is { } parity
            ? string.Create(CultureInfo.InvariantCulture, $"demographic-parity difference {parity:F3}, equalised-odds difference {column.EqualizedOddsDifference:F3}")
            : string.Create(CultureInfo.InvariantCulture, $"MAE gap {column.MeanAbsoluteErrorGap:G4}");
        return $"'{column.Column}': {groups}; {gaps}";
    }
}
