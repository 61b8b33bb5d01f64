using ModelService.Core.Errors;
using ModelService.Core.Registry;

namespace ModelService.Core.Training;

/// <summary>
/// Everything a job needs checked before it is queued: a known recipe, an existing dataset of the tenant, a
/// label column, hyperparameters in range and a valid output model name that is new or the tenant's own. A job
/// that passes can only fail on what is inside the dataset.
/// </summary>
public sealed class TrainingJobValidator
{
    public const int MaxLabelLength = 128;
    public const int MaxSensitiveColumns = 8;

    private readonly DatasetStore _datasets;
    private readonly IModelRegistry _registry;

    public TrainingJobValidator(DatasetStore datasets, IModelRegistry registry)
    {
        _datasets = datasets;
        _registry = registry;
    }

    public async Task<TrainingHyperparameters> ValidateAsync(string tenantId, TrainingJobRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TrainingRecipes.IsKnown(request.Recipe))
        {
            throw Invalid($"Unknown recipe '{Printable(request.Recipe)}'; known: {string.Join(", ", TrainingRecipes.All)}.");
        }

        if (string.IsNullOrWhiteSpace(request.Label) || request.Label.Length > MaxLabelLength || request.Label.Any(char.IsControl))
        {
            throw Invalid($"label must name the CSV column to predict (1 to {MaxLabelLength} printable characters).");
        }

        if (request.OutputModel is null || !ModelNames.IsValidName(request.OutputModel))
        {
            throw Invalid($"outputModel '{Printable(request.OutputModel)}' is invalid: use 1 to 64 lowercase letters, digits, '-', '_' or '.', starting with a letter or digit, without '..' or a trailing '.'.");
        }

        ValidateFairness(request);
        var hyperparameters = TrainingHyperparameters.Parse(request.Hyperparameters);
        DatasetNames.EnsureValid(request.Dataset);
        if (!await _datasets.ExistsAsync(tenantId, request.Dataset!, cancellationToken))
        {
            throw Invalid($"Dataset '{request.Dataset}' does not exist; upload it first (POST /api/datasets/{request.Dataset}).");
        }

        // Last, after every free check: a name held by an operator or another tenant reads as a missing model.
        await ModelOwnership.EnsureTenantMayPublishAsync(_registry, request.OutputModel, tenantId, cancellationToken);
        return hyperparameters;
    }

    /// <summary>Sensitive columns: distinct printable names other than the label, at most <see cref="MaxSensitiveColumns"/>; the gate only on a classifier that names some.</summary>
    private static void ValidateFairness(TrainingJobRequest request)
    {
        var columns = request.SensitiveColumns ?? [];
        if (columns.Count > MaxSensitiveColumns || columns.Any(c => string.IsNullOrWhiteSpace(c) || c.Length > MaxLabelLength || c.Any(char.IsControl)))
        {
            throw Invalid($"sensitiveColumns must name up to {MaxSensitiveColumns} CSV columns (1 to {MaxLabelLength} printable characters each).");
        }

        if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Count || columns.Contains(request.Label, StringComparer.Ordinal))
        {
            throw Invalid("sensitiveColumns must name each column once and not the label.");
        }

        if (request.MaxParityGap is { } gap)
        {
            if (!(gap is >= 0 and <= 1))
            {
                throw Invalid("maxParityGap must be a number from 0 to 1 (a difference between two rates).");
            }

            if (columns.Count == 0 || request.Recipe != TrainingRecipes.TabularClassifier)
            {
                throw Invalid($"maxParityGap needs sensitiveColumns and the {TrainingRecipes.TabularClassifier} recipe: demographic parity is about predicted classes.");
            }
        }
    }

    private static ModelServiceException Invalid(string message) => new(ErrorCode.InvalidRequest, message);

    private static string Printable(string? text) =>
        text is null ? string.Empty : new string(text.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
