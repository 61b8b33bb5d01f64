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
    /// within this time.
    /// </summary>
    [Range(0, 300)]
    public int KeyCacheSeconds { get; set; } = 30;

    /// <summary>
    /// How long a key id storage does not know is refused without asking again (0: always ask). Key ids are
    /// random, so this never delays a new key; it spares storage a read per made-up key.
    /// </summary>
    [Range(0, 3600)]
    public int UnknownKeyCacheSeconds { get; set; } = 60;

    /// <summary>At most this many unknown key ids are remembered per instance; when full, the list starts again.</summary>
    [Range(0, 10_000_000)]
    public int UnknownKeyCacheEntries { get; set; } = 100_000;

    /// <summary>How often, at most, a key's last-used time is written (per key and instance).</summary>
    [Range(1, 86400)]
    public int LastUsedWriteSeconds { get; set; } = 60;
}
