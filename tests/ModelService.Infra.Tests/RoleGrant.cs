using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ModelService.Infra.Tests;

/// <summary>
/// A role assignment read back from the compiled template: which built-in role, to which user-assigned
/// identities (by resolved name), on what scope.
/// </summary>
public sealed partial record RoleGrant(
    ArmResource Assignment,
    string? RoleId,
    IReadOnlyList<string> IdentityNames,
    string? PrincipalType,
    string ScopeType,
    string? ScopeName)
{
    public static RoleGrant From(ArmResource assignment)
    {
        var deployment = assignment.Deployment;
        var properties = assignment.Node["properties"]!;

        string? roleId = null;
        var roleText = properties["roleDefinitionId"]?.GetValue<string>() ?? string.Empty;
        if (RoleDefinition().Match(roleText) is { Success: true } role)
        {
            roleId = deployment.ResolveString(JsonValue.Create($"[{role.Groups["arg"].Value}]"));
        }

        var principal = properties["principalId"];
        var identityNames = new List<string>();
        if (assignment.ReferencedSymbol(principal) is { } identity && identity.Type == ResourceTypes.Identity)
        {
            identityNames.Add(identity.ResolvedName!);
        }
        else if (LoopReference().Match(principal?.GetValue<string>() ?? string.Empty) is { Success: true } loop
            && deployment.Symbol(loop.Groups["symbol"].Value) is { Type: ResourceTypes.Identity } looped
            && LoopName().Match(looped.Node["name"]!.GetValue<string>()) is { Success: true } loopName
            && deployment.Parameter(loopName.Groups["param"].Value) is JsonArray names)
        {
            identityNames.AddRange(names.Select(n => n!.GetValue<string>()));
        }

        var scopeText = assignment.Node["scope"]?.GetValue<string>() ?? string.Empty;
        var scopeType = "(deployment scope)";
        string? scopeName = null;
        if (ResourceIdCall().Match(scopeText) is { Success: true } scope)
        {
            scopeType = scope.Groups["type"].Value;
            var args = scope.Groups["args"].Value.Split(", ");
            scopeName = deployment.ResolveString(JsonValue.Create($"[{args[^1]}]"));
        }

        return new RoleGrant(assignment, roleId, identityNames, properties["principalType"]?.GetValue<string>(), scopeType, scopeName);
    }

    public string RoleName => RoleId is not null && BuiltInRoles.Names.TryGetValue(RoleId, out var name) ? name : $"unknown role {RoleId}";

    public override string ToString() =>
        $"{RoleName} to [{string.Join(", ", IdentityNames)}] on {ScopeType} {ScopeName} ({Assignment})";

    /// <summary>The resolved name of the user-assigned identity an expression's resourceId() points at.</summary>
    public static string? IdentityName(string? expression, ArmDeployment deployment)
    {
        var match = IdentityResourceId().Match(expression ?? string.Empty);
        return match.Success ? deployment.ResolveString(JsonValue.Create($"[{match.Groups["arg"].Value}]")) : null;
    }

    [GeneratedRegex(@"^\[subscriptionResourceId\('Microsoft\.Authorization/roleDefinitions', (?<arg>.+)\)\]$")]
    private static partial Regex RoleDefinition();

    [GeneratedRegex(@"^\[reference\(format\('(?<symbol>\w+)\[\{0\}\]', copyIndex\(\)\)\)\.principalId\]$")]
    private static partial Regex LoopReference();

    [GeneratedRegex(@"^\[parameters\('(?<param>\w+)'\)\[copyIndex\(\)\]\]$")]
    private static partial Regex LoopName();

    [GeneratedRegex(@"^\[resourceId\('(?<type>[^']+)', (?<args>.+)\)\]$")]
    private static partial Regex ResourceIdCall();

    [GeneratedRegex(@"resourceId\('Microsoft\.ManagedIdentity/userAssignedIdentities', (?<arg>[^)]+\)?)\)")]
    private static partial Regex IdentityResourceId();
}
