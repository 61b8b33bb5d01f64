using System.CommandLine;
using ModelService.Cli.Infrastructure;
using ModelService.Core.Tenancy;

namespace ModelService.Cli.Commands.Tenants;

/// <summary><c>keys create TENANT --scope S</c>, <c>keys list TENANT</c>, <c>keys revoke KEY_ID</c>.</summary>
public static class KeysCommand
{
    private static readonly Argument<string> Tenant = new("tenant") { Description = "Tenant id." };
    private static readonly Argument<string> KeyId = new("key-id") { Description = "The key's id (shown by keys list)." };
    private static readonly Option<ApiKeyScopes[]> Scopes = new("--scope") { Description = "infer, train, usage or manage (repeatable; default: infer)." };

    public static Command Create(TextWriter output, TextWriter error)
    {
        var create = new Command("create", "Create an API key; its secret is printed once and stored nowhere.") { Tenant, Scopes };
        CommandAction.Attach(create, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            var scopes = (parseResult.GetValue(Scopes) ?? []).Aggregate(ApiKeyScopes.None, (all, scope) => all | scope);
            using var services = StorageServices.Create(settings);
            var key = await services.Tenants().CreateKeyAsync(parseResult.GetValue(Tenant)!, scopes == ApiKeyScopes.None ? ApiKeyScopes.Infer : scopes, cancellationToken);
            cliOutput.Write(new { key.Info.KeyId, key.Info.TenantId, Scopes = key.Info.Scopes.ToString(), key.Secret }, text =>
            {
                text.WriteLine(key.Secret);
                cliOutput.Error.WriteLine($"Key {key.Info.KeyId} for {key.Info.TenantId} ({key.Info.Scopes}). Keep the secret above: it is not shown again.");
            });
            return ExitCodes.Success;
        });
        var list = new Command("list", "List a tenant's keys (never their secrets).") { Tenant };
        CommandAction.Attach(list, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            using var services = StorageServices.Create(settings);
            var keys = await services.Tenants().ListKeysAsync(parseResult.GetValue(Tenant)!, cancellationToken);
            cliOutput.Write(keys.Select(k => new { k.KeyId, k.TenantId, Scopes = k.Scopes.ToString(), k.CreatedAt, k.RevokedAt }), text =>
            {
                foreach (var key in keys)
                {
                    text.WriteLine($"{key.KeyId}  {key.Scopes,-28} {(key.IsRevoked ? $"revoked {key.RevokedAt:u}" : "active")}");
                }
            });
            return ExitCodes.Success;
        });
        var revoke = new Command("revoke", "Revoke a key.") { KeyId };
        CommandAction.Attach(revoke, output, error, async (parseResult, settings, cliOutput, cancellationToken) =>
        {
            using var services = StorageServices.Create(settings);
            var key = await services.Tenants().RevokeKeyAsync(parseResult.GetValue(KeyId)!, cancellationToken);
            cliOutput.Write(new { key.KeyId, key.RevokedAt }, text => text.WriteLine($"Revoked {key.KeyId}."));
            return ExitCodes.Success;
        });
        return new Command("keys", "Manage API keys.") { create, list, revoke };
    }
}
