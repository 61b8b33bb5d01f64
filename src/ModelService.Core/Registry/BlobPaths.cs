using System.Globalization;

namespace ModelService.Core.Registry;

/// <summary>The registry's layout inside its container: {name}/{version}/model.onnx, manifest.json; {name}/aliases.json.</summary>
internal static class BlobPaths
{
    public const string ManifestFileName = "manifest.json";

    public static string Model(string name, int version) => $"{name}/{Format(version)}/model.onnx";

    public static string Manifest(string name, int version) => $"{name}/{Format(version)}/{ManifestFileName}";

    public static string Aliases(string name) => $"{name}/aliases.json";

    /// <summary>Reads the version out of "{name}/{version}/manifest.json", or null for any other blob.</summary>
    public static int? VersionOfManifest(string name, string blobName)
    {
        var prefix = name + "/";
        var suffix = "/" + ManifestFileName;
        if (!blobName.StartsWith(prefix, StringComparison.Ordinal) || !blobName.EndsWith(suffix, StringComparison.Ordinal))
        {
            return null;
        }

        var middle = blobName.AsSpan(prefix.Length, blobName.Length - prefix.Length - suffix.Length);
        return int.TryParse(middle, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0 ? version : null;
    }

    private static string Format(int version) => version.ToString(CultureInfo.InvariantCulture);
}
