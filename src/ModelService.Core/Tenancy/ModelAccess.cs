using ModelService.Core.Registry;

namespace ModelService.Core.Tenancy;

/// <summary>Public models are open to every tenant; a private one only to its owner, and hidden from the rest.</summary>
public static class ModelAccess
{
    public static ModelManifest EnsureVisible(ModelManifest manifest, string tenantId, VersionSelector selector)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(selector);
        return IsVisible(manifest, tenantId) ? manifest : throw RegistryErrors.NotFound(manifest.Name, selector);
    }

    public static bool IsVisible(ModelManifest manifest, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Owner is null || string.Equals(manifest.Owner, tenantId, StringComparison.Ordinal);
    }
}
