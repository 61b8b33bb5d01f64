namespace ModelService.Learning;

/// <summary>How a <see cref="TrainableDenseLayer"/> draws its first weights.</summary>
public enum LayerInitialization
{
    /// <summary>PyTorch's default for Linear: weights and biases uniform in ±1/sqrt(inputs) (what the trainer uses, as TorchSharp does).</summary>
    PyTorchLinear,

    /// <summary>He: weights uniform in ±sqrt(2/inputs), biases zero (what the sample models were first trained from).</summary>
    HeUniform,
}
