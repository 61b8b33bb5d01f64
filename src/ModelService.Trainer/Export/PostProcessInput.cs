namespace ModelService.Trainer.Export;

/// <summary>What a post-processing step gets: the current ONNX file, a folder for its output, and the validation rows to check quality on.</summary>
public sealed record PostProcessInput(string ModelPath, string WorkDirectory, bool IsClassifier, float[] ValidationFeatures, float[] ValidationTargets, int Width);
