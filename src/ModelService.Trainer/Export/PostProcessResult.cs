namespace ModelService.Trainer.Export;

/// <summary>The file to publish after a step, and one line for the model card saying what the step did.</summary>
public sealed record PostProcessResult(string ModelPath, string Note);
