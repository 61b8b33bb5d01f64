using ModelService.Core.Audit;

namespace ModelService.Functions.Contracts;

/// <summary><c>GET /api/audit</c>: <c>{"entries": [{at, tenantId, actor, action, target, detail, source}]}</c>.</summary>
public sealed record AuditListResponse(IReadOnlyList<AuditEntry> Entries);
