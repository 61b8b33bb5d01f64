using ModelService.Core.Audit;

namespace ModelService.Functions.Audit;

/// <summary>The body of <c>GET /api/audit</c>: <c>{"entries": [{at, tenantId, actor, action, target, detail, source}]}</c>.</summary>
public sealed record AuditListBody(IReadOnlyList<AuditEntry> Entries);
