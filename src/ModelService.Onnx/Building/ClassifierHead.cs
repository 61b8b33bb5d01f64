namespace ModelService.Onnx.Building;

/// <summary>The outputs of a classifier: softmax probabilities and the arg-max label (int64), either optional.</summary>
public sealed record ClassifierHead(string? ProbabilitiesName = "probabilities", string? LabelName = "label");
