using System.Text.Json;
using ModelService.Core.Errors;

namespace ModelService.Core.Registry;

/// <summary>
/// Reads a card file (<c>models push --card</c>) and checks it against docs/schemas/model-card.schema.json: an
/// object of the schema's properties only, the required ones present, strings 1 to 4000 characters, metrics
/// numbers, class names strings, the baseline numbers. Each refusal names the property.
/// </summary>
public static class ModelCardFile
{
    public const int MaxText = 4000;
    public const int MaxMetrics = 100;
    public const int MaxItems = 100_000;

    public static IReadOnlyList<string> Required { get; } = ["intendedUse", "limitations", "license", "trainingData", "evaluationMetrics"];

    public static IReadOnlyList<string> Properties { get; } = ["description", "intendedUse", "limitations", "license", "trainingData", "evaluationMetrics", "classNames", "explanationBaseline"];

    public static ModelCard Parse(ReadOnlyMemory<byte> json)
    {
        using var document = ParseDocument(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("The card must be a JSON object.");
        }

        var unknown = root.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !Properties.Contains(n, StringComparer.Ordinal));
        if (unknown is not null)
        {
            throw Invalid($"card.{Printable(unknown)} is not a model card property; allowed: {string.Join(", ", Properties)}.");
        }

        var missing = Required.Where(r => !root.TryGetProperty(r, out _)).ToList();
        if (missing.Count > 0)
        {
            throw Invalid($"The card lacks {string.Join(", ", missing.Select(m => $"card.{m}"))} (required: {string.Join(", ", Required)}).");
        }

        return new ModelCard(Text(root, "description"), Text(root, "intendedUse"), Text(root, "limitations"), Text(root, "license"))
        {
            TrainingData = Text(root, "trainingData"),
            EvaluationMetrics = Metrics(root.GetProperty("evaluationMetrics")),
            ClassNames = root.TryGetProperty("classNames", out var names) ? ClassNames(names) : null,
            ExplanationBaseline = root.TryGetProperty("explanationBaseline", out var baseline) ? Baseline(baseline) : null,
        };
    }

    private static JsonDocument ParseDocument(ReadOnlyMemory<byte> json)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
        }
        catch (JsonException exception)
        {
            throw new ModelServiceException(ErrorCode.InvalidRequest, "The card is not valid JSON.", exception);
        }
    }

    private static string? Text(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 and <= MaxText } text
            ? text
            : throw Invalid($"card.{name} must be a string of 1 to {MaxText} characters.");
    }

    private static Dictionary<string, double> Metrics(JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object || value.EnumerateObject().Count() is < 1 or > MaxMetrics)
        {
            throw Invalid($"card.evaluationMetrics must be an object of 1 to {MaxMetrics} metrics, each a number.");
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in value.EnumerateObject())
        {
            metrics[metric.Name] = metric.Value.ValueKind == JsonValueKind.Number
                ? metric.Value.GetDouble()
                : throw Invalid($"card.evaluationMetrics.{Printable(metric.Name)} must be a number.");
        }

        return metrics;
    }

    private static List<string> ClassNames(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.GetArrayLength() <= MaxItems
            && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String && e.GetString() is { Length: > 0 and <= 256 })
            ? [.. value.EnumerateArray().Select(e => e.GetString()!)]
            : throw Invalid("card.classNames must be an array of strings of 1 to 256 characters.");

    private static List<double> Baseline(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array && value.GetArrayLength() is > 0 and <= MaxItems && value.EnumerateArray().All(e => e.ValueKind == JsonValueKind.Number)
            ? [.. value.EnumerateArray().Select(e => e.GetDouble())]
            : throw Invalid("card.explanationBaseline must be a non-empty array of numbers, one per input feature.");

    private static string Printable(string text) => new([.. text.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);

    private static ModelServiceException Invalid(string message) => new(ErrorCode.InvalidRequest, message);
}
