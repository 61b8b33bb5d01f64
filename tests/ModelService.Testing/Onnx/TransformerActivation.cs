namespace ModelService.Testing.Onnx;

/// <summary>The feed-forward nonlinearity of a transformer block.</summary>
public enum TransformerActivation
{
    /// <summary>Exact Gelu, written as 0.5·x·(1 + erf(x/√2)) so the model needs only opset 17.</summary>
    Gelu,
    Relu,
}
