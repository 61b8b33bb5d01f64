using System.Globalization;

namespace ModelService.Trainer.Data;

/// <summary>
/// Turns a CSV with a header into a <see cref="TabularDataset"/>: every column but the label is a numeric
/// feature. Any malformed row fails the whole dataset; silently skipping rows would train on data the tenant
/// did not mean to give.
/// </summary>
public static class TabularDatasetLoader
{
    public const int MinRows = 10;
    public const int MaxClasses = 1000;

    public static TabularDataset Load(TextReader reader, string label, bool classifier) => Load(reader, label, classifier, [], false);

    /// <param name="sensitive">Columns kept as groups for fairness metrics; features too only when <paramref name="sensitiveAsFeatures"/>.</param>
    public static TabularDataset Load(TextReader reader, string label, bool classifier, IReadOnlyList<string> sensitive, bool sensitiveAsFeatures)
    {
        ArgumentNullException.ThrowIfNull(sensitive);
        using var records = CsvReader.Read(reader).GetEnumerator();
        if (!records.MoveNext())
        {
            throw new DatasetException("The dataset is empty: it needs a header row and data rows.");
        }

        var header = ReadHeader(records.Current.Fields);
        var labelIndex = header.IndexOf(label);
        if (labelIndex < 0)
        {
            throw new DatasetException($"The label column '{label}' is not in the header ({header.Count} columns).");
        }

        var sensitiveIndices = sensitive.Select(name => header.IndexOf(name) is var i and >= 0
            ? i
            : throw new DatasetException($"The sensitive column '{name}' is not in the header ({header.Count} columns).")).ToArray();
        var excluded = sensitiveAsFeatures ? [labelIndex] : sensitiveIndices.Append(labelIndex).ToHashSet();
        if (header.Count - excluded.Count < 1)
        {
            throw new DatasetException("The dataset has no feature columns besides the label and the sensitive columns.");
        }

        var groups = sensitiveIndices.Select(_ => new List<string>()).ToArray();
        var (features, labels) = ReadRows(records, header, excluded, labelIndex, sensitiveIndices, groups);
        if (labels.Count < MinRows)
        {
            throw new DatasetException($"The dataset has {labels.Count} data rows; at least {MinRows} are needed.");
        }

        var names = header.Where((_, i) => !excluded.Contains(i)).ToList();
        var data = classifier ? Classify(names, features, labels) : Regress(names, features, labels);
        return data with { Sensitive = [.. sensitive.Select((name, c) => new SensitiveColumn(name, [.. groups[c]]))] };
    }

    private static List<string> ReadHeader(IReadOnlyList<string> fields)
    {
        var header = fields.Select(f => f.Trim()).ToList();
        if (header.Any(h => h.Length == 0))
        {
            throw new DatasetException("The header row has an empty column name.");
        }

        if (header.Distinct(StringComparer.Ordinal).Count() != header.Count)
        {
            throw new DatasetException("The header row names a column twice.");
        }

        return header;
    }

    private static (List<float> Features, List<(int Line, string Text)> Labels) ReadRows(
        IEnumerator<(int Line, IReadOnlyList<string> Fields)> records, List<string> header, IReadOnlySet<int> excluded, int labelIndex, int[] sensitiveIndices, List<string>[] groups)
    {
        var features = new List<float>();
        var labels = new List<(int, string)>();
        while (records.MoveNext())
        {
            var (line, fields) = records.Current;
            if (fields.Count != header.Count)
            {
                throw new DatasetException($"Line {line} has {fields.Count} fields; the header has {header.Count}.");
            }

            for (var i = 0; i < fields.Count; i++)
            {
                if (!excluded.Contains(i))
                {
                    features.Add(ParseNumber(fields[i], line, header[i]));
                }
            }

            for (var c = 0; c < sensitiveIndices.Length; c++)
            {
                groups[c].Add(fields[sensitiveIndices[c]].Trim());
            }

            labels.Add((line, fields[labelIndex].Trim()));
        }

        return (features, labels);
    }

    private static TabularDataset Classify(List<string> names, List<float> features, List<(int Line, string Text)> labels)
    {
        if (labels.FirstOrDefault(l => l.Text.Length == 0) is { Line: > 0 } empty)
        {
            throw new DatasetException($"Line {empty.Line}: the label is empty.");
        }

        var classes = OrderClasses(labels.Select(l => l.Text).Distinct(StringComparer.Ordinal).ToList());
        if (classes.Count is < 2 or > MaxClasses)
        {
            throw new DatasetException($"A classifier needs 2 to {MaxClasses} distinct labels; the dataset has {classes.Count}.");
        }

        var index = classes.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => (float)p.i, StringComparer.Ordinal);
        return new TabularDataset(names, features.ToArray(), labels.Select(l => index[l.Text]).ToArray(), classes);
    }

    private static TabularDataset Regress(List<string> names, List<float> features, List<(int Line, string Text)> labels) =>
        new(names, features.ToArray(), labels.Select(l => ParseNumber(l.Text, l.Line, "label")).ToArray(), []);

    /// <summary>Numeric labels in numeric order (so "10" follows "9"), anything else in ordinal order.</summary>
    private static List<string> OrderClasses(List<string> classes) =>
        classes.All(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? classes.OrderBy(c => double.Parse(c, CultureInfo.InvariantCulture)).ToList()
            : classes.OrderBy(c => c, StringComparer.Ordinal).ToList();

    private static float ParseNumber(string text, int line, string column) =>
        float.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value)
            ? value
            : throw new DatasetException($"Line {line}: column '{column}' is not a finite number.");
}
