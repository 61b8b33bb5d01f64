using System.ComponentModel.DataAnnotations;

namespace ModelService.Core.Tenancy;

public sealed class TenancyOptions
{
    public const string SectionName = "ModelService:Tenancy";

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string TenantsTable { get; set; } = "tenants";

    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string KeysTable { get; set; } = "apikeys";

    /// <summary>The append-only audit trail of operator and key actions.</summary>
    [Required]
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    public string AuditTable { get; set; } = "audit";

    /// <summary>
    /// How long a checked key is reused without asking storage. A revoked key stops working on every instance
    /// within this time; unknown keys are never cached, so a new key works at once.
    /// </summary>
    [Range(0, 300)]
    public int KeyCacheSeconds { get; set; } = 30;

    /// <summary>How often, at most, a key's last-used time is written (per key and instance).</summary>
    [Range(1, 86400)]
    public int LastUsedWriteSeconds { get; set; } = 60;
}
