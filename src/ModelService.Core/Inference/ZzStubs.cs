using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Registry;
namespace ModelService.Core.Inference;
public sealed class InferenceOptions { public const string SectionName = "ModelService:Inference"; public long MaxRequestBytes { get; set; } = 64L << 20; }
public static class ModelSignatureReader { public static ModelSignature Read(InferenceSession session) => throw new NotImplementedException(); }
public sealed record ModelIdentity(string Name, string Version);
public sealed record InferenceResult(byte[] ResponseJson, long BatchSize, TimeSpan ComputeTime);
public sealed class InferenceEngine { public InferenceEngine(IOptions<InferenceOptions> o) { } public InferenceResult Infer(InferenceSession session, ModelSignature signature, ModelIdentity model, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken) => throw new NotImplementedException(); }
