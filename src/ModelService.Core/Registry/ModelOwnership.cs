namespace ModelService.Core.Registry;

/// <summary>
/// Every model version has an owner: an operator (public, <see cref="ModelManifest.Owner"/> null) or one tenant
/// (private). All versions of a name share it, so a name belongs to whoever published its first version. A tenant
/// may publish (train) only into a new name or one it owns; any other name is refused with exactly the words of
/// a model that does not exist, so a refusal never tells a tenant who owns a name.
/// </summary>
public static class ModelOwnership
{
    public static async Task EnsureTenantMayPublishAsync(IModelRegistry registry, string name, string tenantId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var versions = await registry.ListVersionsAsync(name, cancellationToken);
        if (versions.Count == 0)
        {
            return;
        }

        var latest = await registry.GetManifestAsync(name, VersionSelector.ForNumber(versions[^1]), cancellationToken);
        if (!IsOwnedBy(latest, tenantId))
        {
            throw HiddenName(name);
        }
    }

    public static bool IsOwnedBy(ModelManifest manifest, string tenantId)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return string.Equals(manifest.Owner, tenantId, StringComparison.Ordinal);
    }

    /// <summary>What a tenant is told about a name it may not use: the wording of a missing model.</summary>
    public static Errors.ModelServiceException HiddenName(string name) => RegistryErrors.NotFound(name, VersionSelector.Latest);
}
