namespace ModelService.Core.Storage;

/// <summary>A container, table or queue a feature keeps its data in.</summary>
public sealed record StorageResource(StorageResourceKind Kind, string Name)
{
    public static StorageResource Container(string name) => new(StorageResourceKind.BlobContainer, name);

    public static StorageResource Table(string name) => new(StorageResourceKind.Table, name);

    public static StorageResource Queue(string name) => new(StorageResourceKind.Queue, name);
}
