using Microsoft.Extensions.DependencyInjection;
using ModelService.Core.Audit;

namespace ModelService.Cli.Infrastructure;

/// <summary>
/// Records what an operator did from this CLI in the audit trail: who (MODELSVC_OPERATOR, else the OS user),
/// from where (this machine), what, on what, when.
/// </summary>
public static class OperatorAudit
{
    public static string Actor => "operator:" + (Environment.GetEnvironmentVariable("MODELSVC_OPERATOR") is { Length: > 0 } name ? name : Environment.UserName);

    public static string Source => $"cli@{Environment.MachineName}";

    public static Task RecordAsync(this ServiceProvider services, string action, string target, string? tenantId, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<AuditLog>().AppendAsync(
            new AuditEntry
            {
                At = DateTimeOffset.UtcNow,
                TenantId = tenantId,
                Actor = Actor,
                Action = action,
                Target = target,
                Detail = detail,
                Source = Source,
            },
            cancellationToken);
    }
}
