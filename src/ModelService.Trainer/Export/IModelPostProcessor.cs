namespace ModelService.Trainer.Export;

/// <summary>
/// A step between export and publication that may rewrite the ONNX file (int8 quantization, a quality gate).
/// Steps run in registration order; each returns the file the next one (and the registry) takes.
/// </summary>
public interface IModelPostProcessor
{
    /// <summary>The step's name as recorded in the model card, e.g. "quantize".</summary>
    string Name { get; }

    Task<PostProcessResult> ProcessAsync(PostProcessInput input, CancellationToken cancellationToken);
}
