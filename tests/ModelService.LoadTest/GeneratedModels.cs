using Google.Protobuf;
using ModelService.Testing.Onnx;

namespace ModelService.LoadTest;

/// <summary>The models the load test writes itself, beside the samples in models/.</summary>
internal static class GeneratedModels
{
    /// <summary>
    /// Shaped like the keyword-spotting net the billing issue was measured on: 25 frames × 96 features (2,400
    /// floats per request), three conv blocks, 12 classes; about half a millisecond of ONNX Runtime per call on
    /// this 2-core machine, so the HTTP path is measured against real inference work rather than an Add.
    /// </summary>
    public const string KeywordSpotting = "loadtest-kws";

    public static bool IsGenerated(string name) => name is SyntheticModel.Name or KeywordSpotting or CodecWorkload.Name;

    /// <summary>Writes the model to a temporary file and returns its path; the caller deletes it.</summary>
    public static string Write(string name) => name switch
    {
        SyntheticModel.Name => SyntheticModel.Write(),
        CodecWorkload.Name => CodecWorkload.Write(),
        KeywordSpotting => WriteTemporary(new CnnBuilder(1, 25, 96).ConvBlock(32).ConvBlock(64).ConvBlock(64, maxPool: false).Classes(12).Seed(7).Build().ToByteArray()),
        _ => throw new ArgumentException($"'{name}' is not a generated model.", nameof(name)),
    };

    /// <summary>Writes model bytes to a new temporary file and returns its path.</summary>
    public static string WriteTemporary(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"modelsvc-load-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
