namespace ModelService.Core.Storage;

public enum StorageResourceKind
{
    BlobContainer,
    Table,
    Queue,
}
