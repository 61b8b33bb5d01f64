using System.Globalization;
using ModelService.Core.Registry;

namespace ModelService.Core.Serving;

/// <summary>Builds the Triton-shaped configuration of a model version from its manifest.</summary>
public static class ModelConfigurations
{
    public static ModelConfiguration From(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var parameters = new Dictionary<string, ModelConfigurationParameter>(StringComparer.Ordinal)
        {
            ["quantization"] = new(manifest.Quantization),
            ["sha256"] = new(manifest.Sha256),
        };
        if (ClassNames.Of(manifest) is { } classes)
        {
            parameters["class_names"] = new(string.Join(',', classes));
        }

        return new ModelConfiguration(
            manifest.Name,
            ModelServing.Platform,
            "onnxruntime",
            new ModelVersionPolicy(new ModelVersionList([manifest.Version.ToString(CultureInfo.InvariantCulture)])),
            0,
            [.. manifest.Inputs.Select(Tensor)],
            [.. manifest.Outputs.Select(Tensor)],
            [new ModelInstanceGroup($"{manifest.Name}_0", "KIND_CPU", 1)],
            parameters);
    }

    /// <summary>Triton's data type names: TYPE_ and the v2 name, except BYTES, which Triton's config calls STRING.</summary>
    public static string TritonDataType(string datatype) => datatype == "BYTES" ? "TYPE_STRING" : $"TYPE_{datatype}";

    private static ModelConfigurationTensor Tensor(TensorSpec spec) => new(spec.Name, TritonDataType(spec.Datatype), spec.Shape);
}
