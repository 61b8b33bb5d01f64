#pragma warning disable CA1822
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using ModelService.Core.Registry;
namespace ModelService.Core.Inference;
public sealed class InferenceOptions { public const string SectionName = "ModelService:Inference"; public long MaxRequestBytes { get; set; } = 64L << 20; }
public static class ModelSignatureReader { public static ModelSignature Read(InferenceSession session) => new(
        session.InputMetadata.Select(m => new TensorSpec(m.Key, m.Value.ElementDataType == TensorElementType.Int64 ? "INT64" : m.Value.ElementDataType == TensorElementType.Bool ? "BOOL" : "FP32", m.Value.Dimensions.Select(d => (long)d).ToList())).ToList(),
        session.OutputMetadata.Select(m => new TensorSpec(m.Key, m.Value.ElementDataType == TensorElementType.Int64 ? "INT64" : m.Value.ElementDataType == TensorElementType.Bool ? "BOOL" : "FP32", m.Value.Dimensions.Select(d => (long)d).ToList())).ToList()); }
public sealed record ModelIdentity(string Name, string Version);
public sealed record InferenceResult(byte[] ResponseJson, long BatchSize, TimeSpan ComputeTime);
public sealed class InferenceEngine { public InferenceEngine(IOptions<InferenceOptions> o) { } public InferenceResult Infer(InferenceSession session, ModelSignature signature, ModelIdentity model, ReadOnlyMemory<byte> requestJson, CancellationToken cancellationToken) => new(System.Text.Encoding.UTF8.GetBytes("{\"model_name\":\"" + model.Name + "\"}"), 1, TimeSpan.Zero); }
