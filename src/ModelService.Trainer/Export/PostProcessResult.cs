using ModelService.Core.Registry;

namespace ModelService.Trainer.Export;

/// <summary>The file to publish after a step, and one line for the model card saying what the step did.</summary>
public sealed record PostProcessResult(string ModelPath, string Note)
{
    /// <summary>Set by a step that quantized the file: the same report the CLI writes into the manifest.</summary>
    public QuantizationReport? QuantizationReport { get; init; }
}
