namespace ModelService.Core.Registry;

/// <summary>Model versions (immutable) and aliases (mutable pointers) in storage.</summary>
public interface IModelRegistry
{
    /// <summary>Checks, describes and uploads a local ONNX file as a new immutable version.</summary>
    Task<ModelManifest> PublishAsync(ModelPublication publication, string modelFilePath, IProgress<long>? uploadProgress, CancellationToken cancellationToken);

    Task<ModelManifest> GetManifestAsync(string name, VersionSelector version, CancellationToken cancellationToken);

    Task<IReadOnlyList<int>> ListVersionsAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyDictionary<string, int>> GetAliasesAsync(string name, CancellationToken cancellationToken);

    Task<IReadOnlyList<ModelSummary>> ListModelsAsync(CancellationToken cancellationToken);

    Task SetAliasAsync(string name, string alias, int version, CancellationToken cancellationToken);

    /// <summary>Copies the version's ONNX bytes, as stored, to <paramref name="destination"/>.</summary>
    Task DownloadModelAsync(ModelManifest manifest, Stream destination, CancellationToken cancellationToken);

    /// <summary>
    /// Deletes every version, file and alias of the model (for a tenant's deletion; versions are otherwise immutable).
    /// Manifests go last, so a run cut short leaves the model visible, with its owner, for the next run to finish.
    /// Returns how many versions there were.
    /// </summary>
    Task<int> DeleteModelAsync(string name, CancellationToken cancellationToken);

    /// <summary>Cheap reachability probe for readiness checks.</summary>
    Task<bool> IsReachableAsync(CancellationToken cancellationToken);
}
