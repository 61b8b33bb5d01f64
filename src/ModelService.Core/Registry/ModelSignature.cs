namespace ModelService.Core.Registry;

/// <summary>
/// The tensors a model takes and returns, read from the model itself, and the batch axis per-item billing counts:
/// <see cref="BatchInput"/>'s leading size when the version names one, else the leading size of the first output
/// whose leading dimension is dynamic (what the graph computed, so broadcasting inputs are counted right), else 1.
/// </summary>
public sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs, string? BatchInput = null)
{
    /// <summary>The output whose leading size is the item count, when no batch input is named; null: none.</summary>
    public TensorSpec? BatchOutput => BatchInput is null ? Outputs.FirstOrDefault(o => o.Shape.Count > 0 && o.Shape[0] < 0) : null;
}
