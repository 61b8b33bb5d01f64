namespace ModelService.Core.Storage;

/// <summary>What one feature keeps in storage, declared by its <c>Add*</c> entry point for <see cref="StorageProvisioner"/>.</summary>
public interface IStorageResourceDeclaration
{
    IReadOnlyList<StorageResource> Resources { get; }
}
