using System.CommandLine;
using System.Globalization;
using ModelService.Cli.Infrastructure;
using ModelService.Cli.Output;
using ModelService.Core.Audit;
using ModelService.Core.Tenancy;

namespace ModelService.Cli.Commands.Tenants;

/// <summary>
/// <c>keys create TENANT --scope S [--expires-in-days N]</c>, <c>keys list TENANT</c>, <c>keys revoke KEY_ID</c>,
/// <c>keys rotate KEY_ID [--overlap-hours H]</c>. Every change goes to the audit trail.
/// </summary>
public static class KeysCommand
{
    private static readonly Argument<string> Tenant = new("tenant") { Description = "Tenant id." };
    private static readonly Argument<string> KeyId = new("key-id") { Description = "The key's id (shown by keys list)." };
    private static readonly Option<ApiKeyScopes[]> Scopes = new("--scope") { Description = "infer, train, usage or manage (repeatable; default: infer)." };
    private static readonly Option<double?> ExpiresInDays = new("--expires-in-days") { Description = "The key stops working after this many days; default: never." };
    private static readonly Option<double> OverlapHours = new("--overlap-hours") { Description = "How long the old key keeps working next to the new one (default 24).", DefaultValueFactory = _ => 24 };

    public static Command Create(TextWriter output, TextWriter error) =>
        new("keys", "Manage API keys.") { CreateCommand(output, error), ListCommand(output, error), RevokeCommand(output, error), RotateCommand(output, error) };

    private static Command CreateCommand(TextWriter output, TextWriter error)
    {
        var create = new Command("create", "Create an API key; its secret is printed once and stored nowhere.") { Tenant, Scopes, ExpiresInDays };
        CommandAction.Attach(create, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            var scopes = (parseResult.GetValue(Scopes) ?? []).Aggregate(ApiKeyScopes.None, (all, scope) => all | scope);
            var expiresAt = ExpiryOf(parseResult.GetValue(ExpiresInDays));
            using var services = StorageServices.Create(settings);
            var key = await services.Tenants().CreateKeyAsync(parseResult.GetValue(Tenant)!, scopes == ApiKeyScopes.None ? ApiKeyScopes.Infer : scopes, expiresAt, cancellationToken);
            await services.RecordAsync(AuditActions.KeyCreate, $"key:{key.Info.KeyId}", key.Info.TenantId, $"scopes {key.Info.Scopes}{(expiresAt is null ? string.Empty : $", expires {expiresAt:u}")}", cancellationToken);
            cliOutput.Write(new { key.Info.KeyId, key.Info.TenantId, Scopes = key.Info.Scopes.ToString(), key.Info.ExpiresAt, key.Secret }, text =>
            {
                text.WriteLine(key.Secret);
                cliOutput.Error.WriteLine($"Key {key.Info.KeyId} for {key.Info.TenantId} ({key.Info.Scopes}). Keep the secret above: it is not shown again.");
            });
            return ExitCodes.Success;
        });
        return create;
    }

    private static Command ListCommand(TextWriter output, TextWriter error)
    {
        var list = new Command("list", "List a tenant's keys (never their secrets): scopes, state, expiry, last use, rotation.") { Tenant };
        CommandAction.Attach(list, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            using var services = StorageServices.Create(settings);
            var keys = await services.Tenants().ListKeysAsync(parseResult.GetValue(Tenant)!, cancellationToken);
            var now = DateTimeOffset.UtcNow;
            cliOutput.Write(keys.Select(k => new { k.KeyId, k.TenantId, Scopes = k.Scopes.ToString(), State = StateOf(k, now), k.CreatedAt, k.ExpiresAt, k.LastUsedAt, k.RevokedAt, k.RotatedFrom }), text =>
            {
                foreach (var key in keys)
                {
                    text.WriteLine($"{key.KeyId}  {key.Scopes,-28} {StateOf(key, now),-8} expires {Stamp(key.ExpiresAt, "never")}  last used {Stamp(key.LastUsedAt, "never")}{(key.RotatedFrom is null ? string.Empty : $"  rotated from {key.RotatedFrom}")}");
                }
            });
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command RevokeCommand(TextWriter output, TextWriter error)
    {
        var revoke = new Command("revoke", "Revoke a key.") { KeyId };
        CommandAction.Attach(revoke, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            using var services = StorageServices.Create(settings);
            var key = await services.Tenants().RevokeKeyAsync(parseResult.GetValue(KeyId)!, cancellationToken);
            await services.RecordAsync(AuditActions.KeyRevoke, $"key:{key.KeyId}", key.TenantId, null, cancellationToken);
            cliOutput.Write(new { key.KeyId, key.RevokedAt }, text => text.WriteLine($"Revoked {key.KeyId}."));
            return ExitCodes.Success;
        });
        return revoke;
    }

    private static Command RotateCommand(TextWriter output, TextWriter error)
    {
        var rotate = new Command("rotate", "Replace a key: a new secret (printed once) with the same scopes; the old key keeps working for the overlap, then expires.") { KeyId, OverlapHours, ExpiresInDays };
        CommandAction.Attach(rotate, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            var overlap = parseResult.GetValue(OverlapHours);
            if (overlap < 0 || double.IsNaN(overlap) || overlap > 24 * 365)
            {
                throw CliException.BadInput("--overlap-hours must be between 0 and 8760.");
            }

            using var services = StorageServices.Create(settings);
            var rotated = await services.Tenants().RotateKeyAsync(parseResult.GetValue(KeyId)!, TimeSpan.FromHours(overlap), ExpiryOf(parseResult.GetValue(ExpiresInDays)), cancellationToken);
            var (created, previous) = (rotated.Created, rotated.Previous);
            await services.RecordAsync(AuditActions.KeyRotate, $"key:{previous.KeyId}", previous.TenantId, $"replaced by {created.Info.KeyId}; old key expires {previous.ExpiresAt:u}", cancellationToken);
            cliOutput.Write(new { created.Info.KeyId, created.Info.TenantId, Scopes = created.Info.Scopes.ToString(), created.Info.RotatedFrom, PreviousExpiresAt = previous.ExpiresAt, created.Secret }, text =>
            {
                text.WriteLine(created.Secret);
                cliOutput.Error.WriteLine($"Key {created.Info.KeyId} replaces {previous.KeyId}, which works until {previous.ExpiresAt:u}. Keep the secret above: it is not shown again.");
            });
            return ExitCodes.Success;
        });
        return rotate;
    }

    private static DateTimeOffset? ExpiryOf(double? days)
    {
        if (days is null)
        {
            return null;
        }

        return days is > 0 and <= 3650 && !double.IsNaN(days.Value)
            ? DateTimeOffset.UtcNow.AddDays(days.Value)
            : throw CliException.BadInput("--expires-in-days must be more than 0 and at most 3650.");
    }

    private static string StateOf(ApiKeyInfo key, DateTimeOffset now) => key.IsRevoked ? "revoked" : key.IsExpiredAt(now) ? "expired" : "active";

    private static string Stamp(DateTimeOffset? at, string none) => at?.ToString("u", CultureInfo.InvariantCulture) ?? none;
}
