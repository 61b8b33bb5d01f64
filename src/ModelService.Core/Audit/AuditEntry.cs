namespace ModelService.Core.Audit;

/// <summary>
/// One operator or tenant-affecting action, as the append-only audit table keeps it: who did what to which
/// model, alias, tenant or key, when, and from where. Never holds secrets or payloads.
/// </summary>
public sealed record AuditEntry
{
    public required DateTimeOffset At { get; init; }

    /// <summary>The tenant the action concerns (a private model, a key, the tenant itself); null for public models.</summary>
    public string? TenantId { get; init; }

    /// <summary>Who: <c>operator:{name}</c>, <c>key:{key id}</c> or <c>trainer</c>.</summary>
    public required string Actor { get; init; }

    /// <summary>What, one of <see cref="AuditActions"/>.</summary>
    public required string Action { get; init; }

    /// <summary>On what: <c>model:{name}:{version}</c>, <c>alias:{name}@{alias}</c>, <c>tenant:{id}</c>, <c>key:{id}</c>.</summary>
    public required string Target { get; init; }

    /// <summary>A short description of the change (versions, scopes, expiry), never a secret.</summary>
    public string? Detail { get; init; }

    /// <summary>From where: <c>cli@{machine}</c>, a client address, or <c>trainer@{machine}</c>.</summary>
    public required string Source { get; init; }
}
