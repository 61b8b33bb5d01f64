using ModelService.Core.Registry;

namespace ModelService.Core.Serving;

/// <summary>A version's class names for the classification extension: the card's own, else the trainer's; null when neither.</summary>
public static class ClassNames
{
    public static IReadOnlyList<string>? Of(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Card.ClassNames is { Count: > 0 } names ? names
            : manifest.Card.Training?.Classes is { Count: > 0 } classes ? classes
            : null;
    }
}
