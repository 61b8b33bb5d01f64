using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ModelService.Infra.Tests;

/// <summary>
/// One compiled ARM template: the main one or a module's nested deployment. Resolves the simple expressions
/// Bicep emits for parameters and variables (<c>[parameters('x')]</c>, <c>[variables('x').y]</c>), following
/// module parameters up to the values in main.bicepparam, so a test can ask what a property will be.
/// Anything it cannot evaluate (format(), reference(), …) comes back as the expression string, which is
/// still good for comparing two places that must name the same thing.
/// </summary>
public sealed partial class ArmDeployment
{
    private readonly JsonObject? _deploymentResource;
    private readonly JsonObject _suppliedParameters;

    private ArmDeployment(string name, JsonObject template, ArmDeployment? parent, JsonObject? deploymentResource, JsonObject suppliedParameters)
    {
        Name = name;
        Template = template;
        Parent = parent;
        _deploymentResource = deploymentResource;
        _suppliedParameters = suppliedParameters;
        Resources = ReadResources();
        Children = Resources
            .Where(r => r.Type == "Microsoft.Resources/deployments")
            .Select(r => new ArmDeployment(
                r.Node["name"]!.GetValue<string>(),
                r.Node["properties"]!["template"]!.AsObject(),
                this,
                r.Node,
                r.Node["properties"]?["parameters"]?.AsObject() ?? []))
            .ToList();
    }

    /// <summary>The main template, with parameter values from the compiled parameters file.</summary>
    public static ArmDeployment ForMainTemplate(JsonObject template, JsonObject parametersFile) =>
        new("main", template, null, null, parametersFile["parameters"]?.AsObject() ?? []);

    public string Name { get; }

    public JsonObject Template { get; }

    public ArmDeployment? Parent { get; }

    public IReadOnlyList<ArmResource> Resources { get; }

    public IReadOnlyList<ArmDeployment> Children { get; }

    /// <summary>This deployment and every nested one.</summary>
    public IEnumerable<ArmDeployment> SelfAndDescendants() =>
        Children.SelectMany(c => c.SelfAndDescendants()).Prepend(this);

    /// <summary>Every resource in this deployment and the nested ones (deployments themselves included).</summary>
    public IEnumerable<ArmResource> AllResources() => SelfAndDescendants().SelectMany(d => d.Resources);

    public ArmDeployment Child(string name) =>
        Children.SingleOrDefault(c => c.Name == name)
        ?? throw new InvalidOperationException($"No module deployment '{name}' in {Name}; have {string.Join(", ", Children.Select(c => c.Name))}.");

    public ArmResource? Symbol(string symbol) => Resources.SingleOrDefault(r => r.Symbol == symbol);

    /// <summary>Evaluates <paramref name="value"/> as far as parameters and variables allow.</summary>
    public JsonNode? Resolve(JsonNode? value)
    {
        switch (value)
        {
            case JsonValue v when v.TryGetValue<string>(out var text) && IsExpression(text):
                return ResolveExpression(text[1..^1].Trim(), text);
            case JsonArray array:
                return new JsonArray(array.Select(item => Resolve(item)).ToArray());
            case JsonObject obj:
                var copy = new JsonObject();
                foreach (var (key, item) in obj)
                {
                    copy[key] = Resolve(item);
                }

                return copy;
            default:
                return value?.DeepClone();
        }
    }

    /// <summary>Resolves a value to a string (an unresolved expression stays as its text).</summary>
    public string? ResolveString(JsonNode? value) => Resolve(value) switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        null => null,
        var other => other.ToJsonString(),
    };

    /// <summary>A parameter's value: supplied by the parent deployment (or the parameters file), else its default.</summary>
    public JsonNode? Parameter(string name)
    {
        if (_suppliedParameters[name] is JsonObject supplied && supplied.ContainsKey("value"))
        {
            return Parent is null ? supplied["value"]?.DeepClone() : Parent.Resolve(supplied["value"]);
        }

        var declared = Template["parameters"]?[name]
            ?? throw new InvalidOperationException($"Template {Name} declares no parameter '{name}'.");
        return declared["defaultValue"] is { } fallback ? Resolve(fallback) : null;
    }

    private JsonNode? ResolveExpression(string expression, string original)
    {
        if (ParameterCall().Match(expression) is { Success: true } parameter)
        {
            return Parameter(parameter.Groups["name"].Value);
        }

        if (VariableCall().Match(expression) is { Success: true } variable)
        {
            var node = Template["variables"]?[variable.Groups["name"].Value];
            foreach (var member in variable.Groups["member"].Captures.Select(c => c.Value))
            {
                node = Resolve(node)?[member];
            }

            return node is null ? JsonValue.Create(original) : Resolve(node);
        }

        if (StringLiteral().Match(expression) is { Success: true } literal)
        {
            return JsonValue.Create(literal.Groups["text"].Value.Replace("''", "'", StringComparison.Ordinal));
        }

        return JsonValue.Create(original);
    }

    private static bool IsExpression(string text) =>
        text.StartsWith('[') && !text.StartsWith("[[", StringComparison.Ordinal) && text.EndsWith(']');

    private List<ArmResource> ReadResources() => Template["resources"] switch
    {
        JsonArray array => array.Select(r => new ArmResource(null, r!.AsObject(), this)).ToList(),
        JsonObject symbolic => symbolic.Select(p => new ArmResource(p.Key, p.Value!.AsObject(), this)).ToList(),
        _ => [],
    };

    [GeneratedRegex(@"^parameters\('(?<name>[^']+)'\)$")]
    private static partial Regex ParameterCall();

    [GeneratedRegex(@"^variables\('(?<name>[^']+)'\)(?:\.(?<member>[A-Za-z_][A-Za-z0-9_]*))*$")]
    private static partial Regex VariableCall();

    [GeneratedRegex(@"^'(?<text>(?:[^']|'')*)'$")]
    private static partial Regex StringLiteral();
}

/// <summary>A resource declaration in a compiled template.</summary>
public sealed partial class ArmResource(string? symbol, JsonObject node, ArmDeployment deployment)
{
    public string? Symbol { get; } = symbol;

    public JsonObject Node { get; } = node;

    public ArmDeployment Deployment { get; } = deployment;

    public string Type => Node["type"]!.GetValue<string>();

    public bool Existing => Node["existing"]?.GetValue<bool>() == true;

    public JsonNode? Properties => Node["properties"];

    /// <summary>The resource's name, resolved through parameters and variables.</summary>
    public string? ResolvedName => Deployment.ResolveString(Node["name"]);

    /// <summary>A property path under the resource (e.g. "properties", "siteConfig"), resolved.</summary>
    public JsonNode? Resolve(params string[] path)
    {
        JsonNode? node = Node;
        foreach (var step in path)
        {
            node = node?[step];
        }

        return Deployment.Resolve(node);
    }

    /// <summary>
    /// For a role assignment, or any property written as <c>[reference('symbol').principalId]</c>: the resource
    /// the symbol names in the same template.
    /// </summary>
    public ArmResource? ReferencedSymbol(JsonNode? expression)
    {
        var text = expression?.GetValue<string>() ?? string.Empty;
        var match = ReferenceCall().Match(text);
        return match.Success ? Deployment.Symbol(match.Groups["symbol"].Value) : null;
    }

    public override string ToString() => $"{Type} {Symbol ?? Node["name"]?.ToString()} in {Deployment.Name}";

    [GeneratedRegex(@"^\[reference\('(?<symbol>[^']+)'\)\.\w+\]$")]
    private static partial Regex ReferenceCall();
}
