using ModelService.Core.Registry;
using ModelService.Testing;

namespace ModelService.Core.Tests.Caching;

/// <summary>Publishes AddBias models of chosen widths, so each has a known, distinct file size.</summary>
internal static class CacheTestModels
{
    public static async Task<ModelManifest> PublishAsync(IModelRegistry registry, int width, float offset = 0.5f)
    {
        var file = TestModels.WriteTemporary(TestModels.AddBias(width, offset));
        try
        {
            return await registry.PublishAsync(new ModelPublication { Name = TestNames.Model("cache"), Version = 1 }, file, null, CancellationToken.None);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Waits, bounded, for something the cache does on the thread pool (eviction callbacks).</summary>
    public static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(20);
        }
    }
}
