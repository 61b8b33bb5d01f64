namespace ModelService.Infra.Tests;

/// <summary>The two workload identities, found through the resources that run as them.</summary>
public static class Identities
{
    /// <summary>Resolved name of the identity the function app runs as.</summary>
    public static string FunctionIdentityName(CompiledInfra infra) => AssignedIdentity(infra.Single(ResourceTypes.Site));

    /// <summary>Resolved name of the identity the trainer job runs as.</summary>
    public static string TrainerIdentityName(CompiledInfra infra) => AssignedIdentity(infra.Single(ResourceTypes.Job));

    /// <summary>
    /// For a value written as <c>[reference('symbol').clientId]</c>: the resolved name of the identity the symbol
    /// declares in that template; null when the value is anything else.
    /// </summary>
    public static string? ClientIdSource(string? value, ArmDeployment deployment)
    {
        var match = System.Text.RegularExpressions.Regex.Match(value ?? string.Empty, @"^\[reference\('(?<symbol>\w+)'\)\.clientId\]$");
        return match.Success && deployment.Symbol(match.Groups["symbol"].Value) is { Type: ResourceTypes.Identity } identity
            ? identity.ResolvedName
            : null;
    }

    private static string AssignedIdentity(ArmResource resource)
    {
        var assigned = Assert.Single(resource.Node["identity"]!["userAssignedIdentities"]!.AsObject());
        return RoleGrant.IdentityName(assigned.Key, resource.Deployment)
            ?? throw new InvalidOperationException($"{resource} names no user-assigned identity: {assigned.Key}");
    }
}
