using System.Text.Json;
using ModelService.Core.Registry;

namespace ModelService.Core.Tests.Registry;

/// <summary>Manifests are immutable blobs: ones written before a field existed must still read, and new optional fields stay out when unset.</summary>
public sealed class ManifestCompatibilityTests
{
    private const string ManifestWithoutQuantizationReport = """
        {
          "name": "iris-mlp", "version": 1, "sha256": "00", "sizeBytes": 1368,
          "inputs": [{"name": "features", "datatype": "FP32", "shape": [-1, 4]}],
          "outputs": [{"name": "label", "datatype": "INT64", "shape": [-1]}],
          "quantization": "none",
          "pricing": {"perCallMicros": 0, "perItemMicros": 0},
          "card": {},
          "onnx": {"irVersion": 9, "opsets": {"ai.onnx": 17}},
          "createdAt": "2026-11-01T00:00:00+00:00"
        }
        """;

    [Fact]
    public void A_manifest_written_before_quantization_reports_reads_with_none()
    {
        var manifest = JsonSerializer.Deserialize<ModelManifest>(ManifestWithoutQuantizationReport, RegistryJson.Options)!;

        Assert.Null(manifest.QuantizationReport);
        Assert.DoesNotContain("quantizationReport", JsonSerializer.Serialize(manifest, RegistryJson.Options), StringComparison.Ordinal);
    }

    [Fact]
    public void A_quantization_report_round_trips()
    {
        var manifest = JsonSerializer.Deserialize<ModelManifest>(ManifestWithoutQuantizationReport, RegistryJson.Options)! with
        {
            QuantizationReport = new QuantizationReport("ab", "dynamic-int8", true, ["Gemm_2"], 0.05, 0.9999, null, 150, "iris.json", true),
        };

        var read = JsonSerializer.Deserialize<ModelManifest>(JsonSerializer.Serialize(manifest, RegistryJson.Options), RegistryJson.Options)!;

        Assert.Equal(manifest.QuantizationReport with { ExcludedNodes = [] }, read.QuantizationReport! with { ExcludedNodes = [] });
        Assert.Equal(["Gemm_2"], read.QuantizationReport!.ExcludedNodes);
    }
}
