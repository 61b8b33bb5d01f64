using ModelService.Core.Errors;

namespace ModelService.Core.Registry;

/// <summary>
/// The one wording of "not found", so that a private model hidden from a tenant reads exactly like a model that
/// does not exist.
/// </summary>
public static class RegistryErrors
{
    public static ModelServiceException NotFound(string name, string what) =>
        new(ErrorCode.ModelNotFound, $"Model '{name}' has no {what}.");

    public static ModelServiceException NotFound(string name, VersionSelector selector) => NotFound(name, selector switch
    {
        { Number: { } number } => $"version {number}",
        { IsLatest: true } => "versions",
        _ => $"alias '{selector.Alias}'",
    });
}
