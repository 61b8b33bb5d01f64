using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelService.Core.Registry;

namespace ModelService.Trainer.Tests;

/// <summary>Downloads a published version and runs it in ONNX Runtime, the way the service will.</summary>
public static class OnnxScoring
{
    public static async Task<(long[] Labels, float[] Predictions)> RunAsync(IModelRegistry registry, string model, float[] features, int width)
    {
        var manifest = await registry.GetManifestAsync(model, VersionSelector.Latest, CancellationToken.None);
        using var bytes = new MemoryStream();
        await registry.DownloadModelAsync(manifest, bytes, CancellationToken.None);
        using var session = new InferenceSession(bytes.ToArray());
        var input = new DenseTensor<float>(features, [features.Length / width, width]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("features", input)]);
        var label = results.FirstOrDefault(r => r.Name == "label");
        var prediction = results.FirstOrDefault(r => r.Name == "prediction");
        return (label?.AsEnumerable<long>().ToArray() ?? [], prediction?.AsEnumerable<float>().ToArray() ?? []);
    }
}
