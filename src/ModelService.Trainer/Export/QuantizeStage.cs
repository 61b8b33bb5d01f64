namespace ModelService.Trainer.Export;

/// <summary>
/// The int8 quantization stage of the pipeline. A passthrough for now: the quantizer (DynamicQuantizer and its
/// QualityGate in ModelService.Onnx) is being built on another branch. When it merges, this class quantizes
/// input.ModelPath into input.WorkDirectory, runs the gate on the validation rows and returns the int8 file
/// (or keeps the float one when the gate refuses it); nothing else in the trainer changes.
/// </summary>
public sealed class QuantizeStage : IModelPostProcessor
{
    public string Name => "quantize";

    public Task<PostProcessResult> ProcessAsync(PostProcessInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Task.FromResult(new PostProcessResult(input.ModelPath, "quantize: skipped, float32 kept (quantizer not available in this build)"));
    }
}
