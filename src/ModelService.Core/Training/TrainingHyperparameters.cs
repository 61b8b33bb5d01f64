using System.Globalization;
using ModelService.Core.Errors;

namespace ModelService.Core.Training;

/// <summary>
/// The settings of the MLP recipes, every one with a default and a range checked at submission, so the trainer
/// never starts a job it would have to refuse. Keys are snake_case; '-' is accepted for '_'.
/// </summary>
public sealed record TrainingHyperparameters
{
    public const int MaxHiddenLayers = 8;
    public const int MaxLayerWidth = 4096;

    public IReadOnlyList<int> Hidden { get; init; } = [32, 32];

    public int Epochs { get; init; } = 100;

    public double LearningRate { get; init; } = 0.01;

    public int BatchSize { get; init; } = 64;

    /// <summary>Epochs without validation improvement before stopping; 0 trains every epoch.</summary>
    public int Patience { get; init; } = 10;

    public int Seed { get; init; } = 42;

    public double ValidationFraction { get; init; } = 0.2;

    public static IReadOnlyList<string> Keys { get; } = ["hidden", "epochs", "learning_rate", "batch_size", "patience", "seed", "validation_fraction"];

    public static TrainingHyperparameters Parse(IReadOnlyDictionary<string, string>? values)
    {
        var result = new TrainingHyperparameters();
        foreach (var (rawKey, value) in values ?? new Dictionary<string, string>())
        {
            result = Apply(result, rawKey.Replace('-', '_').ToLowerInvariant(), rawKey, value ?? string.Empty);
        }

        return result;
    }

    /// <summary>The canonical text form, as stored on the job and in the model card.</summary>
    public IReadOnlyDictionary<string, string> ToDictionary() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        ["hidden"] = string.Join(',', Hidden),
        ["epochs"] = Epochs.ToString(CultureInfo.InvariantCulture),
        ["learning_rate"] = LearningRate.ToString("R", CultureInfo.InvariantCulture),
        ["batch_size"] = BatchSize.ToString(CultureInfo.InvariantCulture),
        ["patience"] = Patience.ToString(CultureInfo.InvariantCulture),
        ["seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["validation_fraction"] = ValidationFraction.ToString("R", CultureInfo.InvariantCulture),
    };

    private static TrainingHyperparameters Apply(TrainingHyperparameters current, string key, string rawKey, string value) => key switch
    {
        "hidden" => current with { Hidden = ParseHidden(value) },
        "epochs" => current with { Epochs = ParseInt(rawKey, value, 1, 100_000) },
        "learning_rate" => current with { LearningRate = ParseDouble(rawKey, value, 1e-7, 10) },
        "batch_size" => current with { BatchSize = ParseInt(rawKey, value, 1, 1 << 16) },
        "patience" => current with { Patience = ParseInt(rawKey, value, 0, 100_000) },
        "seed" => current with { Seed = ParseInt(rawKey, value, 0, int.MaxValue) },
        "validation_fraction" => current with { ValidationFraction = ParseDouble(rawKey, value, 0.05, 0.5) },
        _ => throw Invalid($"Unknown hyperparameter '{Printable(rawKey)}'; known: {string.Join(", ", Keys)}."),
    };

    private static int[] ParseHidden(string value)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length is 0 or > MaxHiddenLayers || (parts.Length == 1 && parts[0].Length == 0))
        {
            throw Invalid($"hidden must list 1 to {MaxHiddenLayers} layer widths, e.g. '64,32'.");
        }

        return parts.Select(p => ParseInt("hidden", p, 1, MaxLayerWidth)).ToArray();
    }

    private static int ParseInt(string key, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw Invalid($"{key} must be an integer from {min} to {max}; got '{Printable(value)}'.");

    private static double ParseDouble(string key, string value, double min, double max) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max
            ? number
            : throw Invalid($"{key} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}; got '{Printable(value)}'.");

    private static ModelServiceException Invalid(string message) => new(ErrorCode.InvalidRequest, message);

    private static string Printable(string text) => new(text.Take(40).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
