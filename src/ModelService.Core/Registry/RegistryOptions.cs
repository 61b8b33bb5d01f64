using System.ComponentModel.DataAnnotations;

namespace ModelService.Core.Registry;

public sealed class RegistryOptions
{
    public const string SectionName = "ModelService:Registry";

    [Required]
    [RegularExpression("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}$", ErrorMessage = "ContainerName must be a valid blob container name.")]
    public string ContainerName { get; set; } = "models";

    /// <summary>
    /// How long "latest" and alias resolutions are reused on the hot path. A newly pushed version or a moved
    /// alias is seen by every instance within this time; versions themselves are immutable and cached for good.
    /// </summary>
    [Range(0, 3600)]
    public int PointerCacheSeconds { get; set; } = 5;

    [Range(1, 50)]
    public int AliasUpdateAttempts { get; set; } = 10;

    /// <summary>A model file left without a manifest (a crashed upload) for this long may be replaced.</summary>
    [Range(0, 86400)]
    public int AbandonedUploadSeconds { get; set; } = 900;
}
