namespace ModelService.Core.Explanations;

/// <summary>How attributions are computed; both only call the model, so any ONNX graph can be explained.</summary>
public enum ExplanationMethod
{
    /// <summary>KernelSHAP: weighted least squares over feature coalitions, constrained to sum to the prediction.</summary>
    KernelShap,

    /// <summary>Integrated gradients, the gradients taken by central finite differences along the path from the baseline.</summary>
    IntegratedGradients,
}
