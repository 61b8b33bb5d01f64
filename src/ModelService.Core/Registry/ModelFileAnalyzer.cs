using System.Security.Cryptography;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Errors;
using ModelService.Core.Inference;
using ModelService.Onnx.Inspection;
using ModelService.Onnx.Reading;
using ModelService.Onnx.Protobuf;

namespace ModelService.Core.Registry;

/// <summary>
/// Refuses files ONNX Runtime cannot load and reads what the manifest says about the rest: hash, size,
/// signature (from ONNX Runtime, so it is what the runtime will enforce) and quantization (from the graph).
/// </summary>
public static class ModelFileAnalyzer
{
    public static async Task<AnalyzedModelFile> AnalyzeAsync(string path, CancellationToken cancellationToken)
    {
        var sizeBytes = new FileInfo(path).Length;
        var sha256 = await ComputeSha256Async(path, cancellationToken);
        var model = ReadGraph(path);
        var signature = ReadSignature(path);
        var onnx = new OnnxFacts(
            model.IrVersion,
            model.OpsetImport.GroupBy(o => o.Domain).ToDictionary(g => g.Key.Length == 0 ? "ai.onnx" : g.Key, g => g.Max(o => o.Version)),
            string.IsNullOrEmpty(model.ProducerName) ? null : $"{model.ProducerName} {model.ProducerVersion}".Trim());
        return new AnalyzedModelFile(sha256, sizeBytes, signature, QuantizationNames.ToManifestName(QuantizationDetector.Detect(model)), onnx);
    }

    public static async Task<string> ComputeSha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
    }

    private static ModelProto ReadGraph(string path)
    {
        try
        {
            return OnnxModelReader.ReadFile(path);
        }
        catch (OnnxFormatException exception)
        {
            throw new ModelServiceException(ErrorCode.InvalidModel, exception.Message, exception);
        }
    }

    private static ModelSignature ReadSignature(string path)
    {
        try
        {
            using var session = new InferenceSession(path);
            return ModelSignatureReader.Read(session);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new ModelServiceException(ErrorCode.InvalidModel, $"ONNX Runtime cannot load the model: {exception.Message}", exception);
        }
    }
}
