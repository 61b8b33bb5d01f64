using Microsoft.Extensions.Options;

namespace ModelService.Core.Storage;

/// <summary>The resources named by one feature's options; one per options type however often its entry point runs.</summary>
internal sealed class StorageResourceDeclaration<TOptions> : IStorageResourceDeclaration
    where TOptions : class
{
    public StorageResourceDeclaration(IOptions<TOptions> options, Func<TOptions, IReadOnlyList<StorageResource>> select)
    {
        Resources = select(options.Value);
    }

    public IReadOnlyList<StorageResource> Resources { get; }
}
