using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using ModelService.Core.Errors;
using ModelService.Core.Inference;
using ModelService.Core.Registry;

namespace ModelService.Core.Tests.Inference;

/// <summary>A real ONNX Runtime session for one model plus the engine, driven with request JSON text.</summary>
internal sealed class EngineHarness : IDisposable
{
    private readonly InferenceSession _session;
    private readonly InferenceEngine _engine;

    public EngineHarness(byte[] model, InferenceOptions? options = null, string? batchInput = null)
    {
        _session = new InferenceSession(model);
        Signature = ModelSignatureReader.Read(_session) with { BatchInput = batchInput };
        _engine = new InferenceEngine(Options.Create(options ?? new InferenceOptions()));
    }

    public ModelSignature Signature { get; }

    public InferenceResult Run(string requestJson, CancellationToken cancellationToken = default) =>
        _engine.Infer(_session, Signature, new ModelIdentity("test-model", "3"), Encoding.UTF8.GetBytes(requestJson), cancellationToken);

    /// <summary>Runs a body as sent over HTTP: JSON, or JSON followed by binary data when <paramref name="jsonLength"/> is given.</summary>
    public InferenceResult Run(byte[] body, int? jsonLength, IReadOnlyList<string>? labels = null, bool allowBinary = true) =>
        _engine.Infer(_session, Signature, new ModelIdentity("test-model", "3"), new InferenceRequestBody(body, jsonLength) { AllowBinaryOutput = allowBinary }, labels, CancellationToken.None);

    /// <summary>The response body as a client receives it.</summary>
    public static byte[] Body(InferenceResult result)
    {
        using (result)
        {
            return result.Response.ToArray();
        }
    }

    public JsonElement Infer(string requestJson) => JsonDocument.Parse(Body(Run(requestJson))).RootElement;

    public JsonElement Output(string requestJson, string name) =>
        Infer(requestJson).GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);

    public ModelServiceException Refuse(string requestJson) => Assert.Throws<ModelServiceException>(() => Run(requestJson));

    public void Dispose() => _session.Dispose();
}
