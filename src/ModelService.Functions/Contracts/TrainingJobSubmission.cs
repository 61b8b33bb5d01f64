using System.Globalization;
using System.Text.Json;
using ModelService.Core.Errors;
using ModelService.Core.Training;

namespace ModelService.Functions.Contracts;

/// <summary>
/// The body of POST /api/training-jobs. Hyperparameter values may be JSON strings, numbers or (for hidden) an
/// array of numbers; Core takes them as text and checks them.
/// </summary>
public sealed record TrainingJobSubmission(string? Recipe, string? Dataset, string? Label, string? OutputModel, Dictionary<string, JsonElement>? Hyperparameters)
{
    public IReadOnlyList<string>? SensitiveColumns { get; init; }

    public bool? UseSensitiveAsFeatures { get; init; }

    public double? MaxParityGap { get; init; }

    public TrainingJobRequest ToRequest() =>
        new(Recipe, Dataset, Label, OutputModel, Hyperparameters?.ToDictionary(p => p.Key, p => Text(p.Key, p.Value)))
        {
            SensitiveColumns = SensitiveColumns,
            UseSensitiveAsFeatures = UseSensitiveAsFeatures,
            MaxParityGap = MaxParityGap,
        };

    private static string Text(string key, JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString()!,
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Array when value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.Number) =>
            string.Join(',', value.EnumerateArray().Select(v => v.GetRawText())),
        _ => throw new ModelServiceException(ErrorCode.InvalidRequest, string.Create(CultureInfo.InvariantCulture, $"Hyperparameter '{key}' must be a string, a number or an array of numbers.")),
    };
}
