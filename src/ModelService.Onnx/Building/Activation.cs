namespace ModelService.Onnx.Building;

/// <summary>What follows a dense layer's affine step.</summary>
public enum Activation
{
    None,
    Relu,
    Tanh,
    Sigmoid,
}
